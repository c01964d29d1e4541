package syntax

// Token is a lexical token kind.
type Token int

// The tokens of the spec language.
const (
	EOF Token = iota
	ILLEGAL
	IDENT
	INT
	STRING
	SEMI // ';' or an automatic semicolon at a newline

	LPAREN
	RPAREN
	LBRACE
	RBRACE
	LBRACK
	RBRACK
	COMMA
	COLON
	DOT
	DOTDOT
	AT
	ARROW // ->
	LEADS // ~> (leadsto)

	ASSIGN // =
	INC    // ++
	DEC    // --
	PLUS
	MINUS
	STAR
	SLASH
	PERCENT
	NOT    // !
	ANDAND // &&
	OROR   // ||
	IMPL   // =>
	EQ
	NEQ
	LT
	LEQ
	GT
	GEQ
	AMP   // &
	PIPE  // |
	CARET // ^
	TILDE // ~
	SHL   // <<
	SHR   // >>

	keywordStart
	CONST
	TYPE
	ENUM
	STRUCT
	VAR
	INLINE
	PROCESS
	INVARIANT
	EVENTUALLY
	LEADSTO
	IF
	ELSE
	WHILE
	BREAK
	CONTINUE
	GOTO
	RETURN
	ATOMIC
	EITHER
	OR
	AWAIT
	ASSERT
	SKIP
	SELF
	TRUE
	FALSE
	BOOL
	POOL
	REF
	keywordEnd
)

var tokenNames = map[Token]string{
	EOF: "end of file", ILLEGAL: "illegal character", IDENT: "identifier", INT: "integer",
	STRING: "string", SEMI: "';' or newline",
	LPAREN: "'('", RPAREN: "')'", LBRACE: "'{'", RBRACE: "'}'", LBRACK: "'['", RBRACK: "']'",
	COMMA: "','", COLON: "':'", DOT: "'.'", DOTDOT: "'..'", AT: "'@'", ARROW: "'->'", LEADS: "'~>'",
	ASSIGN: "'='", INC: "'++'", DEC: "'--'", PLUS: "'+'", MINUS: "'-'", STAR: "'*'",
	SLASH: "'/'", PERCENT: "'%'", NOT: "'!'", ANDAND: "'&&'", OROR: "'||'", IMPL: "'=>'",
	EQ: "'=='", NEQ: "'!='", LT: "'<'", LEQ: "'<='", GT: "'>'", GEQ: "'>='",
	AMP: "'&'", PIPE: "'|'", CARET: "'^'", TILDE: "'~'", SHL: "'<<'", SHR: "'>>'",
}

var keywords = map[string]Token{
	"const": CONST, "type": TYPE, "enum": ENUM, "struct": STRUCT, "var": VAR,
	"inline": INLINE, "process": PROCESS, "invariant": INVARIANT, "eventually": EVENTUALLY, "leadsto": LEADSTO, "if": IF, "else": ELSE,
	"while": WHILE, "break": BREAK, "continue": CONTINUE, "goto": GOTO, "return": RETURN,
	"atomic": ATOMIC, "either": EITHER, "or": OR, "await": AWAIT, "assert": ASSERT,
	"skip": SKIP, "self": SELF, "true": TRUE, "false": FALSE, "bool": BOOL,
	"pool": POOL, "ref": REF,
}

func init() {
	for name, tok := range keywords {
		tokenNames[tok] = "'" + name + "'"
	}
}

func (t Token) String() string {
	if s, ok := tokenNames[t]; ok {
		return s
	}
	return "token"
}

// IsKeyword reports whether t is a reserved word.
func (t Token) IsKeyword() bool { return t > keywordStart && t < keywordEnd }
