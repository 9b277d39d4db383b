-- Tables of the HTTP-level tests. Valid T-SQL: the same script runs on a real SQL Server (MSSQL_TEST_URL),
-- where DROP ... IF EXISTS makes it repeatable. Statements are separated by GO lines.
DROP TABLE IF EXISTS [dbo].[contact];
GO
CREATE TABLE [dbo].[contact] (
    [id] INT NOT NULL CONSTRAINT [PK_contact] PRIMARY KEY,
    [first_name] NVARCHAR(50) NULL,
    [last_name] NVARCHAR(50) NOT NULL,
    [email] NVARCHAR(254) NOT NULL,
    [birth_date] DATE NULL,
    [balance] DECIMAL(12, 2) NULL,
    [active] BIT NULL,
    [updated_at] DATETIME2(3) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[people];
GO
CREATE TABLE [dbo].[people] (
    [id] INT NOT NULL CONSTRAINT [PK_people] PRIMARY KEY,
    [name] NVARCHAR(20) NOT NULL,
    [age] INT NULL,
    [born] DATE NULL,
    [score] DECIMAL(6, 2) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[progress_items];
GO
CREATE TABLE [dbo].[progress_items] (
    [id] INT NOT NULL CONSTRAINT [PK_progress_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[queued_items];
GO
CREATE TABLE [dbo].[queued_items] (
    [id] INT NOT NULL CONSTRAINT [PK_queued_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[resilient_items];
GO
CREATE TABLE [dbo].[resilient_items] (
    [id] INT NOT NULL CONSTRAINT [PK_resilient_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[resumed_items];
GO
CREATE TABLE [dbo].[resumed_items] (
    [id] INT NOT NULL CONSTRAINT [PK_resumed_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[control_items];
GO
CREATE TABLE [dbo].[control_items] (
    [id] INT NOT NULL CONSTRAINT [PK_control_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[console_items];
GO
CREATE TABLE [dbo].[console_items] (
    [id] INT NOT NULL CONSTRAINT [PK_console_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[option_items];
GO
CREATE TABLE [dbo].[option_items] (
    [id] INT NOT NULL CONSTRAINT [PK_option_items] PRIMARY KEY,
    [label] NVARCHAR(40) NOT NULL,
    [amount] DECIMAL(8, 2) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[accounts];
GO
CREATE TABLE [dbo].[accounts] (
    [id] INT NOT NULL CONSTRAINT [PK_accounts] PRIMARY KEY,
    [name] NVARCHAR(40) NOT NULL,
    [balance] DECIMAL(10, 2) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[regional_codes];
GO
CREATE TABLE [dbo].[regional_codes] (
    [region] NVARCHAR(10) NOT NULL,
    [code] INT NOT NULL,
    [label] NVARCHAR(40) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[typed_values];
GO
CREATE TABLE [dbo].[typed_values] (
    [id] INT NOT NULL CONSTRAINT [PK_typed_values] PRIMARY KEY,
    [tiny] TINYINT NULL,
    [small] SMALLINT NULL,
    [big] BIGINT NULL,
    [flag] BIT NULL,
    [amount] DECIMAL(18, 4) NULL,
    [ratio] FLOAT NULL,
    [ratio_real] REAL NULL,
    [day] DATE NULL,
    [clock] TIME(7) NULL,
    [stamp] DATETIME2(7) NULL,
    [legacy_stamp] DATETIME NULL,
    [zoned] DATETIMEOFFSET(7) NULL,
    [uid] UNIQUEIDENTIFIER NULL,
    [code] CHAR(3) NULL,
    [ascii_text] VARCHAR(30) NULL,
    [text] NVARCHAR(MAX) NULL,
    [blob] VARBINARY(MAX) NULL,
    [identity_like] INT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[generated_cols];
GO
CREATE TABLE [dbo].[generated_cols] (
    [id] INT IDENTITY(1, 1) NOT NULL CONSTRAINT [PK_generated_cols] PRIMARY KEY,
    [a] INT NOT NULL,
    [b] INT NOT NULL,
    [total] AS ([a] + [b]),
    [note] NVARCHAR(20) NOT NULL CONSTRAINT [DF_generated_cols_note] DEFAULT (N'none')
);
GO
DROP TABLE IF EXISTS [dbo].[other_widgets];
GO
CREATE TABLE [dbo].[other_widgets] (
    [id] INT NOT NULL CONSTRAINT [PK_other_widgets] PRIMARY KEY,
    [name] NVARCHAR(40) NOT NULL
);
GO
DROP TABLE IF EXISTS [dbo].[mssql_bulk_transformation];
GO
DROP TABLE IF EXISTS [dbo].[mssql_bulk_idempotency];
GO
DROP TABLE IF EXISTS [dbo].[mssql_bulk_job_error];
GO
DROP TABLE IF EXISTS [dbo].[mssql_bulk_job];
GO
DROP TABLE IF EXISTS [dbo].[every_type];
GO
CREATE TABLE [dbo].[every_type] (
    [id] INT NOT NULL CONSTRAINT [PK_every_type] PRIMARY KEY,
    [c_tinyint] TINYINT NULL,
    [c_smallint] SMALLINT NULL,
    [c_int] INT NULL,
    [c_bigint] BIGINT NULL,
    [c_bit] BIT NULL,
    [c_decimal] DECIMAL(38, 10) NULL,
    [c_numeric] NUMERIC(9, 3) NULL,
    [c_money] MONEY NULL,
    [c_smallmoney] SMALLMONEY NULL,
    [c_float] FLOAT NULL,
    [c_real] REAL NULL,
    [c_date] DATE NULL,
    [c_time] TIME(7) NULL,
    [c_time0] TIME(0) NULL,
    [c_datetime2] DATETIME2(7) NULL,
    [c_datetime2_3] DATETIME2(3) NULL,
    [c_datetime] DATETIME NULL,
    [c_smalldatetime] SMALLDATETIME NULL,
    [c_datetimeoffset] DATETIMEOFFSET(7) NULL,
    [c_guid] UNIQUEIDENTIFIER NULL,
    [c_char] CHAR(5) NULL,
    [c_varchar] VARCHAR(50) NULL,
    [c_nchar] NCHAR(5) NULL,
    [c_nvarchar] NVARCHAR(50) NULL,
    [c_nvarchar_max] NVARCHAR(MAX) NULL,
    [c_varchar_max] VARCHAR(MAX) NULL,
    [c_binary] BINARY(4) NULL,
    [c_varbinary] VARBINARY(16) NULL,
    [c_varbinary_max] VARBINARY(MAX) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[guarded_items];
GO
CREATE TABLE [dbo].[guarded_items] (
    [id] INT NOT NULL CONSTRAINT [PK_guarded_items] PRIMARY KEY,
    [qty] INT NOT NULL CONSTRAINT [CK_guarded_items_qty] CHECK ([qty] >= 0),
    [code] NVARCHAR(10) NULL CONSTRAINT [UQ_guarded_items_code] UNIQUE
);
GO
DROP TABLE IF EXISTS [dbo].[shaped_items];
GO
CREATE TABLE [dbo].[shaped_items] (
    [seq] INT IDENTITY(1, 1) NOT NULL CONSTRAINT [PK_shaped_items] PRIMARY KEY,
    [name] NVARCHAR(40) NOT NULL,
    [qty] INT NOT NULL,
    [price] DECIMAL(9, 2) NOT NULL,
    [total] AS ([qty] * [price]),
    [status] NVARCHAR(10) NOT NULL CONSTRAINT [DF_shaped_items_status] DEFAULT (N'new'),
    [note] NVARCHAR(20) NULL CONSTRAINT [DF_shaped_items_note] DEFAULT (N'none')
);
GO
DROP TABLE IF EXISTS [dbo].[xml_notes];
GO
CREATE TABLE [dbo].[xml_notes] (
    [id] INT NOT NULL CONSTRAINT [PK_xml_notes] PRIMARY KEY,
    [doc] XML NULL
);
GO
DROP TABLE IF EXISTS [dbo].[utf8_items];
GO
CREATE TABLE [dbo].[utf8_items] (
    [id] INT NOT NULL CONSTRAINT [PK_utf8_items] PRIMARY KEY,
    [label] NVARCHAR(40) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[crm_people];
GO
CREATE TABLE [dbo].[crm_people] (
    [id] INT NOT NULL CONSTRAINT [PK_crm_people] PRIMARY KEY,
    [first_name] NVARCHAR(50) NULL,
    [email] NVARCHAR(254) NOT NULL,
    [birth_date] DATE NULL,
    [age] TINYINT NULL,
    [city] NVARCHAR(50) NULL,
    [vip] BIT NULL,
    [first_item] NVARCHAR(20) NULL,
    [updated_at] DATETIME2(3) NULL
);
GO
DROP TABLE IF EXISTS [dbo].[adaptive_items];
GO
CREATE TABLE [dbo].[adaptive_items] (
    [id] INT NOT NULL CONSTRAINT [PK_adaptive_items] PRIMARY KEY,
    [label] NVARCHAR(MAX) NOT NULL
);
GO
