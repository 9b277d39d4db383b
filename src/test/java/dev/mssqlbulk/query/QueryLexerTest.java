package dev.mssqlbulk.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.query.Token.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryLexerTest {

    @Test
    void tokensHaveKindTextValueAndPosition() {
        //                                 1         2         3         4         5
        //                        123456789012345678901234567890123456789012345678901234567
        List<Token> tokens = QueryLexer.tokenize("select [a b], \"c\"\"d\" from t where x<=-1.5 or y <> 'it''s'");
        assertEquals(
                List.of(
                        new Token(Kind.WORD, "select", "select", 1),
                        new Token(Kind.QUOTED_IDENTIFIER, "[a b]", "a b", 8),
                        new Token(Kind.COMMA, ",", ",", 13),
                        new Token(Kind.QUOTED_IDENTIFIER, "\"c\"\"d\"", "c\"d", 15),
                        new Token(Kind.WORD, "from", "from", 22),
                        new Token(Kind.WORD, "t", "t", 27),
                        new Token(Kind.WORD, "where", "where", 29),
                        new Token(Kind.WORD, "x", "x", 35),
                        new Token(Kind.OPERATOR, "<=", "<=", 36),
                        new Token(Kind.DECIMAL, "-1.5", "-1.5", 38),
                        new Token(Kind.WORD, "or", "or", 43),
                        new Token(Kind.WORD, "y", "y", 46),
                        new Token(Kind.OPERATOR, "<>", "<>", 48),
                        new Token(Kind.STRING, "'it''s'", "it's", 51),
                        new Token(Kind.END, "", "", 58)),
                tokens);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "=   | OPERATOR",
                "!=  | OPERATOR",
                "<>  | OPERATOR",
                "<   | OPERATOR",
                "<=  | OPERATOR",
                ">   | OPERATOR",
                ">=  | OPERATOR",
                "(   | LEFT_PAREN",
                ")   | RIGHT_PAREN",
                "*   | STAR",
                "42  | INTEGER",
                "-7  | INTEGER",
                "0.5 | DECIMAL",
                "_x1 | WORD",
            })
    void singleTokens(String text, Kind kind) {
        List<Token> tokens = QueryLexer.tokenize(text);
        assertEquals(List.of(new Token(kind, text, text, 1), new Token(Kind.END, "", "", text.length() + 1)), tokens);
    }

    @Test
    void bracketsEscapeAClosingBracketByDoublingIt() {
        Token token = QueryLexer.tokenize("[a]]b]").get(0);
        assertEquals(new Token(Kind.QUOTED_IDENTIFIER, "[a]]b]", "a]b", 1), token);
    }

    @Test
    void anEmptyStringIsAString() {
        assertEquals(
                new Token(Kind.STRING, "''", "", 3), QueryLexer.tokenize("x ''").get(1));
    }

    @Test
    void whitespaceOfAnyKindSeparatesTokens() {
        List<Token> tokens = QueryLexer.tokenize("\tselect\n*\r\nfrom  t ");
        assertEquals(
                List.of(2, 9, 12, 18, 20), tokens.stream().map(Token::position).toList());
    }

    @Test
    void anUnterminatedStringNamesWhereItStarted() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryLexer.tokenize("x = 'abc"));
        assertEquals(5, e.position());
        assertTrue(e.getMessage().startsWith("unterminated string starting at position 5"), e.getMessage());
    }
}
