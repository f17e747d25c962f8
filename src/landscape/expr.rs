//! User formulas in x and y (the `expr` landscape).
//!
//! Grammar (docs/design.md), loosest binding first:
//!
//! ```text
//! expr  := term (('+' | '-') term)*          left-associative
//! term  := unary (('*' | '/') unary)*        left-associative
//! unary := '-'* power                        so -x^2 = -(x^2)
//! power := atom ('^' unary)?                 right-associative: 2^3^2 = 2^9
//! atom  := number | x | y | pi | e | func '(' expr ')' | '(' expr ')'
//! func  := sin | cos | tan | exp | log | sqrt | abs | tanh     (log is the natural log)
//! ```
//!
//! A formula is parsed once into a postfix tape that one small stack machine evaluates for any
//! [`Real`], so the same tape gives values (f64), exact derivatives (dual numbers) and four
//! values per instruction ([`super::simd::F64x4`] lanes: the interpreter's dispatch is paid
//! once per four points).
//! The input is untrusted (it arrives in a URL), so parsing is bounded: at most
//! [`MAX_CHARS`] characters and [`MAX_DEPTH`] levels of nesting, which bounds both the
//! parser's recursion and the evaluator's stack.

use super::simd::Real;
use std::fmt;

/// Longest accepted formula, in characters.
pub const MAX_CHARS: usize = 1000;
/// Deepest accepted nesting of parentheses, function calls and `^` exponents.
pub const MAX_DEPTH: usize = 64;
/// Evaluation stacks up to this depth live on the machine stack (no allocation per point);
/// deeper formulas, which are rare, get a heap stack.
const INLINE_STACK: usize = 16;
/// Constant integer exponents up to this size use `powi`; beyond it num-dual's second-order
/// coefficient n(n−1)(n−2) would overflow i32, and such powers overflow f64 anyway.
const MAX_POWI: f64 = 1024.0;

/// What the parser accepts where an operand must start (named in error messages).
const OPERAND: &str = "a number, x, y, pi, e, a function or '('";

/// The functions a formula may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Sqrt,
    Abs,
    Tanh,
}

const FUNCS: [(&str, Func); 8] = [
    ("sin", Func::Sin),
    ("cos", Func::Cos),
    ("tan", Func::Tan),
    ("exp", Func::Exp),
    ("log", Func::Log),
    ("sqrt", Func::Sqrt),
    ("abs", Func::Abs),
    ("tanh", Func::Tanh),
];

impl Func {
    fn apply<R: Real>(self, a: R) -> R {
        match self {
            Func::Sin => a.sin(),
            Func::Cos => a.cos(),
            Func::Tan => a.tan(),
            Func::Exp => a.exp(),
            Func::Log => a.ln(),
            Func::Sqrt => a.sqrt(),
            Func::Abs => a.abs(),
            Func::Tanh => a.tanh(),
        }
    }
}

/// One instruction of the postfix tape.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    X,
    Y,
    Const(f64),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// `^` with a constant integer exponent.
    Powi(i32),
    /// `^` with any other constant exponent.
    Powf(f64),
    /// `^` with a variable exponent: exp(b·ln a).
    Pow,
    Call(Func),
}

impl Op {
    /// Change in stack height when the instruction runs.
    fn stack_effect(self) -> isize {
        match self {
            Op::X | Op::Y | Op::Const(_) => 1,
            Op::Neg | Op::Powi(_) | Op::Powf(_) | Op::Call(_) => 0,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => -1,
        }
    }
}

/// A compiled formula ℓ̄(x, y).
#[derive(Clone, Debug)]
pub struct Expr {
    source: String,
    tape: Vec<Op>,
    /// Largest stack height the tape reaches (computed once, at parse time).
    stack_depth: usize,
}

/// A formula the parser rejected: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// 1-based character column of the offending input (one past the end for "end of input").
    pub column: usize,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ExprError {}

impl Expr {
    /// Parses a formula in x and y (grammar in the module docs).
    pub fn parse(src: &str) -> Result<Expr, ExprError> {
        let chars = src.chars().count();
        if chars > MAX_CHARS {
            return Err(ExprError {
                column: MAX_CHARS + 1,
                message: format!(
                    "the formula has {chars} characters; at most {MAX_CHARS} are accepted"
                ),
            });
        }
        if src.trim().is_empty() {
            return Err(ExprError {
                column: 1,
                message: format!("the formula is empty: expected {OPERAND}"),
            });
        }
        let mut p = Parser {
            src,
            pos: 0,
            tok: Tok::End,
            start: 0,
            depth: 0,
            tape: Vec::new(),
        };
        p.advance()?;
        p.expr()?;
        if p.tok != Tok::End {
            return Err(p.unexpected("an operator (+ - * / ^) or end of input"));
        }
        let (mut height, mut stack_depth) = (0usize, 0usize);
        for op in &p.tape {
            height = height.saturating_add_signed(op.stack_effect());
            stack_depth = stack_depth.max(height);
        }
        Ok(Expr {
            source: src.to_owned(),
            tape: p.tape,
            stack_depth,
        })
    }

    /// The formula as typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// ℓ̄(x, y) for any [`Real`]: f64 for values, dual numbers for derivatives, SIMD lanes
    /// for four points at once.
    pub fn eval<R: Real>(&self, x: R, y: R) -> R {
        let zero = R::cst(0.0);
        if self.stack_depth <= INLINE_STACK {
            self.run(&mut [zero; INLINE_STACK], x, y)
        } else {
            self.run(&mut vec![zero; self.stack_depth], x, y)
        }
    }

    /// Runs the tape on `stack` (at least `self.stack_depth` long). The parser only builds
    /// well-formed tapes, so the stack never under- or overflows and ends with one value.
    fn run<R: Real>(&self, stack: &mut [R], x: R, y: R) -> R {
        let mut n = 0;
        for &op in &self.tape {
            // Each instruction yields the new top of the stack and the new height.
            let (top, height) = match op {
                Op::X => (x, n + 1),
                Op::Y => (y, n + 1),
                Op::Const(c) => (R::cst(c), n + 1),
                Op::Neg => (-stack[n - 1], n),
                Op::Powi(k) => (stack[n - 1].powi(k), n),
                Op::Powf(c) => (stack[n - 1].powf(c), n),
                Op::Call(f) => (f.apply(stack[n - 1]), n),
                Op::Add => (stack[n - 2] + stack[n - 1], n - 1),
                Op::Sub => (stack[n - 2] - stack[n - 1], n - 1),
                Op::Mul => (stack[n - 2] * stack[n - 1], n - 1),
                Op::Div => (stack[n - 2] / stack[n - 1], n - 1),
                Op::Pow => (stack[n - 2].powd(stack[n - 1]), n - 1),
            };
            stack[height - 1] = top;
            n = height;
        }
        stack[0]
    }
}

/// A token: its kind; its text is `src[start..pos]` of the parser.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Ident,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    End,
}

/// Recursive-descent parser with one token of lookahead, lexing on demand so that the first
/// error in reading order is the one reported.
struct Parser<'a> {
    src: &'a str,
    /// Byte offset just past the current token.
    pos: usize,
    /// The current token and the byte offset where it starts.
    tok: Tok,
    start: usize,
    /// Current nesting depth (parentheses, calls, exponents).
    depth: usize,
    tape: Vec<Op>,
}

impl Parser<'_> {
    /// 1-based column of a byte offset. Only ASCII precedes any offset the parser reports
    /// (the lexer stops at the first non-ASCII character), so bytes and characters agree.
    fn column(offset: usize) -> usize {
        offset + 1
    }

    fn error(&self, offset: usize, message: String) -> ExprError {
        ExprError {
            column: Self::column(offset),
            message,
        }
    }

    /// "expected …, found <current token>".
    fn unexpected(&self, expected: &str) -> ExprError {
        let found = match self.tok {
            Tok::End => "end of input".to_owned(),
            _ => format!("'{}'", &self.src[self.start..self.pos]),
        };
        self.error(self.start, format!("expected {expected}, found {found}"))
    }

    /// Reads the next token into `self.tok`.
    fn advance(&mut self) -> Result<(), ExprError> {
        let bytes = self.src.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        self.start = i;
        let Some(&c) = bytes.get(i) else {
            self.pos = i;
            self.tok = Tok::End;
            return Ok(());
        };
        let digits = |mut j: usize| {
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            j
        };
        let (tok, end) = match c {
            b'+' => (Tok::Plus, i + 1),
            b'-' => (Tok::Minus, i + 1),
            b'*' => (Tok::Star, i + 1),
            b'/' => (Tok::Slash, i + 1),
            b'^' => (Tok::Caret, i + 1),
            b'(' => (Tok::LParen, i + 1),
            b')' => (Tok::RParen, i + 1),
            b'0'..=b'9' | b'.' => {
                // digits ['.' digits] [('e'|'E') ['+'|'-'] digits]; the exponent is only
                // taken when digits follow, so `2e` reads as the number 2 then the name e.
                let int_end = digits(i);
                let mut j = int_end;
                if bytes.get(j) == Some(&b'.') {
                    j = digits(j + 1);
                }
                if j == i + 1 && c == b'.' {
                    return Err(self.error(i, "expected digits around '.'".to_owned()));
                }
                if matches!(bytes.get(j), Some(b'e' | b'E')) {
                    let k = j + usize::from(matches!(bytes.get(j + 1), Some(b'+' | b'-')));
                    if bytes.get(k + 1).is_some_and(u8::is_ascii_digit) {
                        j = digits(k + 1);
                    }
                }
                let text = &self.src[i..j];
                match text.parse::<f64>() {
                    Ok(v) if v.is_finite() => (Tok::Num(v), j),
                    _ => return Err(self.error(i, format!("number '{text}' is out of range"))),
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                (Tok::Ident, j)
            }
            _ => {
                let ch = self.src[i..].chars().next().unwrap_or('?');
                let why = if ch.is_ascii() {
                    format!("unexpected character '{ch}'")
                } else {
                    format!("unexpected character '{ch}' (formulas are plain ASCII)")
                };
                return Err(self.error(i, why));
            }
        };
        self.tok = tok;
        self.pos = end;
        Ok(())
    }

    /// Text of the current token.
    fn text(&self) -> &str {
        &self.src[self.start..self.pos]
    }

    /// Runs `f` one nesting level deeper (the level opened at byte `at`), refusing to go past
    /// [`MAX_DEPTH`] so that no input can exhaust the parser's (recursive) stack.
    fn nested(
        &mut self,
        at: usize,
        f: impl FnOnce(&mut Self) -> Result<(), ExprError>,
    ) -> Result<(), ExprError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(
                at,
                format!("nesting deeper than {MAX_DEPTH} levels (parentheses, calls or '^')"),
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// Parses `( expr )` with the current token on '('; `what` names the opener in errors.
    fn group(&mut self, what: &str) -> Result<(), ExprError> {
        let open = self.start;
        self.advance()?;
        self.nested(open, Self::expr)?;
        if self.tok != Tok::RParen {
            return Err(self.unexpected(&format!(
                "an operator or ')' to close {what} at column {}",
                Self::column(open)
            )));
        }
        self.advance()
    }

    fn expr(&mut self) -> Result<(), ExprError> {
        self.term()?;
        loop {
            let op = match self.tok {
                Tok::Plus => Op::Add,
                Tok::Minus => Op::Sub,
                _ => return Ok(()),
            };
            self.advance()?;
            self.term()?;
            self.tape.push(op);
        }
    }

    fn term(&mut self) -> Result<(), ExprError> {
        self.unary()?;
        loop {
            let op = match self.tok {
                Tok::Star => Op::Mul,
                Tok::Slash => Op::Div,
                _ => return Ok(()),
            };
            self.advance()?;
            self.unary()?;
            self.tape.push(op);
        }
    }

    /// Unary minus, read iteratively (a run of '-' cannot deepen the recursion). A negated
    /// constant is folded, so `x^-2` still gets the `powi` fast path.
    fn unary(&mut self) -> Result<(), ExprError> {
        let mut negations = 0usize;
        while self.tok == Tok::Minus {
            negations += 1;
            self.advance()?;
        }
        let start = self.tape.len();
        self.power()?;
        for _ in 0..negations {
            match self.tape[start..] {
                [Op::Const(c)] => self.tape[start] = Op::Const(-c),
                _ => self.tape.push(Op::Neg),
            }
        }
        Ok(())
    }

    fn power(&mut self) -> Result<(), ExprError> {
        self.atom()?;
        if self.tok != Tok::Caret {
            return Ok(());
        }
        let caret = self.start;
        self.advance()?;
        let start = self.tape.len();
        self.nested(caret, Self::unary)?;
        // A constant exponent (the common x^2) skips the general exp(b·ln a), which is also
        // undefined for a < 0.
        if let [Op::Const(c)] = self.tape[start..] {
            self.tape.truncate(start);
            self.tape.push(if c.fract() == 0.0 && c.abs() <= MAX_POWI {
                Op::Powi(c as i32)
            } else {
                Op::Powf(c)
            });
        } else {
            self.tape.push(Op::Pow);
        }
        Ok(())
    }

    fn atom(&mut self) -> Result<(), ExprError> {
        match self.tok {
            Tok::Num(v) => {
                self.tape.push(Op::Const(v));
                self.advance()
            }
            Tok::LParen => self.group("'('"),
            Tok::Ident => {
                let name = self.text();
                let op = match name {
                    "x" => Op::X,
                    "y" => Op::Y,
                    "pi" => Op::Const(std::f64::consts::PI),
                    "e" => Op::Const(std::f64::consts::E),
                    _ => return self.call(),
                };
                self.tape.push(op);
                self.advance()
            }
            _ => Err(self.unexpected(OPERAND)),
        }
    }

    /// A function call, with the current token on the function's name.
    fn call(&mut self) -> Result<(), ExprError> {
        let name = self.text().to_owned();
        let Some(&(_, f)) = FUNCS.iter().find(|(n, _)| *n == name) else {
            let funcs: Vec<&str> = FUNCS.iter().map(|(n, _)| *n).collect();
            return Err(self.error(
                self.start,
                format!(
                    "unknown name '{name}': expected x, y, pi, e or a function ({})",
                    funcs.join(", ")
                ),
            ));
        };
        self.advance()?;
        if self.tok != Tok::LParen {
            return Err(self.unexpected(&format!("'(' after '{name}'")));
        }
        self.group(&format!("'{name}('"))?;
        self.tape.push(Op::Call(f));
        Ok(())
    }
}
