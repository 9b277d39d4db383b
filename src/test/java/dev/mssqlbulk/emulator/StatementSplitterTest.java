package dev.mssqlbulk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mssqlbulk.emulator.sql.Lexer;
import dev.mssqlbulk.emulator.sql.StatementSplitter;
import dev.mssqlbulk.emulator.sql.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> split(String sql) {
        return StatementSplitter.split(sql).stream().map(Lexer::render).toList();
    }

    @Test
    void splitsOnSemicolonsOutsideLiteralsIdentifiersAndComments() {
        assertEquals(
                List.of("SELECT 'a;b', N'c'';d', [e;f] FROM t", "SELECT 2"),
                split("SELECT 'a;b', N'c'';d', [e;f] FROM t; SELECT 2 /* ; */; -- ; trailing"));
    }

    @Test
    void splitsWhereANewStatementStartsOnItsOwnLine() {
        assertEquals(
                List.of(
                        "SET NOCOUNT ON",
                        "INSERT INTO t (a) VALUES (1)",
                        "UPDATE t SET a = 2\nWHERE a = 1",
                        "SELECT a FROM t"),
                split(
                        "SET NOCOUNT ON\nINSERT INTO t (a) VALUES (1)\nUPDATE t SET a = 2\nWHERE a = 1\nSELECT a FROM t"));
    }

    @Test
    void keepsMultiLineStatementsTogether() {
        String create = "CREATE TABLE t (\n  a INT NOT NULL,\n  b NVARCHAR(10) DEFAULT (N'x')\n)";
        String insertSelect = "INSERT INTO t (a)\nSELECT a FROM s\nUNION ALL\nSELECT a FROM u";
        String merge = "MERGE INTO t WITH (HOLDLOCK) AS tgt USING (VALUES (1)) AS src (a) ON tgt.a = src.a\n"
                + "WHEN MATCHED THEN UPDATE SET a = src.a\nWHEN NOT MATCHED THEN INSERT (a) VALUES (src.a)";
        assertEquals(List.of(create, insertSelect, merge), split(create + "\n" + insertSelect + "\n" + merge + ";"));
    }

    @Test
    void keepsIfBodiesAndBlocksWithTheirCondition() {
        String guarded = "IF OBJECT_ID(N'[dbo].[t]', N'U') IS NULL\nCREATE TABLE [dbo].[t] (a INT)";
        String exists =
                "IF NOT EXISTS (SELECT 1 FROM t WHERE a = 1)\nBEGIN\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2)\nEND";
        assertEquals(
                List.of(guarded, exists, "BEGIN TRANSACTION", "COMMIT"),
                split(guarded + "\n" + exists + "\nBEGIN TRANSACTION\nCOMMIT"));
    }

    @Test
    void lexerKeepsNationalStringsAndBracketIdentifiersWhole() {
        List<Token> tokens = Lexer.significant(Lexer.lex("SELECT N'it''s', [a]]b] FROM x"));
        assertEquals(Token.Kind.NSTRING, tokens.get(1).kind());
        assertEquals("it's", tokens.get(1).value());
        assertEquals("a]b", tokens.get(3).value());
    }

    @Test
    void splitsScriptsOnGoLines() {
        assertEquals(
                2,
                StatementSplitter.splitGo("CREATE TABLE a (x INT)\nGO\nINSERT INTO a VALUES (1)\n  go  \n")
                        .size());
    }
}
