-- Example init script for EmulatorOptions.withInitScript / EmulatorMain --init.
-- Statements end with ';' or a new statement; lines holding only GO separate batches.
IF OBJECT_ID(N'[dbo].[emulator_example]', N'U') IS NULL
CREATE TABLE [dbo].[emulator_example] (
    [id]      INT IDENTITY(1,1) NOT NULL CONSTRAINT [PK_emulator_example] PRIMARY KEY,
    [name]    NVARCHAR(100)     NOT NULL,
    [created] DATETIME2(7)      NOT NULL CONSTRAINT [DF_emulator_example_created] DEFAULT (SYSUTCDATETIME())
);
GO
INSERT INTO [dbo].[emulator_example] ([name]) VALUES (N'first'), (N'second');
GO
