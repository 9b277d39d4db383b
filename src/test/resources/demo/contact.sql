-- The sample table of the README's walkthrough.
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
CREATE TABLE [dbo].[activities] (
    [id] BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT [PK_activities] PRIMARY KEY,
    [contact_id] INT NOT NULL,
    [kind] NVARCHAR(40) NOT NULL,
    [happened_at] DATETIME2(3) NOT NULL
);
