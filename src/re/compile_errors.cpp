// PCRE2 compile errors as ERTS 25 reports them (compile_errors.h).
//
// The texts are what erl answers for patterns that make each error (PCRE
// 8.44's wording); an error PCRE 8 words like PCRE2 keeps PCRE2's text.
// Offsets: PCRE2 often points one byte further or earlier than PCRE 8;
// the shifts below were measured against erl, error by error.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re/compile_errors.h"

#include <pcre2.h>

#include <cctype>

namespace girder::re {

namespace {

// How ERTS's offset relates to PCRE2's.
enum class At : uint8_t {
  same,
  before,           // one byte earlier
  after,            // one byte later
  reference,        // see reference_offset
  conditional_end,  // the ) that closes the conditional group PCRE2 means
  verb_end,         // the ) that ends the (*VERB), or the pattern's end
  zero,             // the pattern's start
  lookbehind,       // the ) of the lookbehind PCRE 8 found at fault (PCRE2 says 0)
  escape_letter,    // the letter of the \o, \x or \g PCRE2 points after
  first_non_hex,    // the first byte after \x{ that is no hex digit
};

struct ErrorRow {
  int code;
  const char* text;
  At at;
};

// PCRE2 error code, ERTS's text, ERTS's offset.
constexpr ErrorRow ERROR_ROWS[] = {
    {101, "\\ at end of pattern", At::same},
    {102, "\\c at end of pattern", At::same},
    {103, "unrecognized character follows \\", At::same},
    {104, "numbers out of order in {} quantifier", At::same},
    {105, "number too big in {} quantifier", At::same},
    {106, "missing terminating ] for character class", At::same},
    {107, "invalid escape sequence in character class", At::same},
    {108, "range out of order in character class", At::same},
    {109, "nothing to repeat", At::same},
    {111, "unrecognized character after (? or (?-", At::same},
    {112, "POSIX named classes are supported only within a class", At::same},
    {113, "POSIX collating elements are not supported", At::same},
    {114, "missing )", At::same},
    {115, "reference to non-existent subpattern", At::reference},
    {118, "missing ) after comment", At::same},
    // PCRE 8 gives up on deep nesting of capturing groups with this text
    {119, "regular expression is too complicated", At::same},
    {120, "regular expression is too large", At::same},
    {121, "failed to get memory", At::same},
    {122, "unmatched parentheses", At::same},
    {124, "malformed number or name after (?(", At::same},
    {125, "lookbehind assertion is not fixed length", At::lookbehind},
    {126, "a numbered reference must not be zero", At::same},
    {127, "conditional group contains more than two branches", At::conditional_end},
    {128, "assertion expected after (?( or (?(?C)", At::after},
    {129, "digit expected after (?+", At::after},
    {130, "unknown POSIX class name", At::same},
    {133, "parentheses are too deeply nested (stack check)", At::same},
    {134, "character value in \\x{} or \\o{} is too large", At::same},
    {136, "\\C not allowed in lookbehind assertion", At::lookbehind},
    {137, "PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u", At::before},
    {138, "number after (?C is > 255", At::same},
    {139, "closing ) for (?C expected", At::same},
    {141, "unrecognized character after (?P", At::same},
    {142, "syntax error in subpattern name (missing terminator)", At::same},  // see erts_compile_error
    {143, "two named subpatterns have the same name", At::before},
    {144, "group name must start with a non-digit", At::same},
    {146, "malformed \\P or \\p sequence", At::same},
    {147, "unknown property name after \\P or \\p", At::before},
    {148, "subpattern name is too long (maximum 32 characters)", At::same},
    {149, "too many named subpatterns (maximum 10000)", At::before},
    {150, "invalid range in character class", At::before},
    {151, "octal value is greater than \\377 in 8-bit non-UTF-8 mode", At::before},
    {154, "DEFINE group contains more than one branch", At::conditional_end},
    {155, "missing opening brace after \\o", At::escape_letter},
    {157, "a numbered reference must not be zero", At::before},
    {158, "(?R or (?[+-]digits must be followed by )", At::same},
    {160, "(*VERB) not recognized or malformed", At::same},
    {161, "reference to non-existent subpattern", At::same},
    {162, "subpattern name expected", At::same},  // see erts_compile_error
    {164, "non-octal character in \\o{} (closing brace missing?)", At::same},
    {165, "different names for subpatterns of the same number are not allowed", At::before},
    {166, "(*MARK) must have an argument", At::same},
    {167, "non-hex character in \\x{} (closing brace missing?)", At::first_non_hex},
    {168, "\\c must be followed by an ASCII character", At::same},
    {169, "\\k is not followed by a braced, angle-bracketed, or quoted name", At::before},
    {171, "\\N is not supported in a class", At::before},
    // PCRE 8 has no callouts with string arguments
    {172, "closing ) for (?C expected", At::same},
    {173, "disallowed Unicode code point (>= 0xd800 && <= 0xdfff)", At::same},
    {174, "setting UTF is disabled by the application", At::zero},
    {176, "name is too long in (*MARK), (*PRUNE), (*SKIP), or (*THEN)", At::same},
    {178, "digits missing in \\x{} or \\o{}", At::same},
    {179, "malformed number or name after (?(", At::before},
    {181, "closing ) for (?C expected", At::same},
    {182, "closing ) for (?C expected", At::same},
    {193, "PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u", At::before},
    {194, "unrecognized character after (? or (?-", At::before},
    {195, "(*VERB) not recognized or malformed", At::verb_end},
    {197, "regular expression is too large", At::same},
};

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The index of the ) that closes the group whose ( is at `open`,
// skipping escapes and classes; the pattern's end when it is not closed.
size_t group_end(std::string_view s, size_t open) {
  int depth = 0;
  bool in_class = false;
  for (size_t i = open; i < s.size(); i++) {
    char c = s[i];
    if (c == '\\') {
      i++;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < s.size() && s[i + 1] == ']') i++;
    } else if (c == '(') {
      depth++;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return s.size();
}

// "reference to non-existent subpattern": PCRE 8 checks a condition's
// group after the condition's ), a back reference by number only once the
// whole pattern is read (so at its end), and a reference by name after
// the name (PCRE2 points at its start); a recursion by number where PCRE2
// does.
size_t reference_offset(std::string_view s, size_t off) {
  size_t cond = s.rfind("(?(", off);
  if (cond != std::string_view::npos && cond + 2 <= off) {
    size_t close = s.find(')', cond + 3);
    if (close != std::string_view::npos && off <= close) return close + 1;
  }
  bool digit_here = off < s.size() && std::isdigit(static_cast<unsigned char>(s[off]));
  if (digit_here && off > 0 && (s[off - 1] == '\\' || s[off - 1] == 'g' || s[off - 1] == '{'))
    return s.size();
  if (off < s.size() && is_name_char(s[off]) && !digit_here) {
    while (off < s.size() && is_name_char(s[off])) off++;
  }
  return off;
}

// A quantifier, an alternation, \R or \X: what makes a lookbehind's
// length vary (the ? of "(?" is none of them).
bool has_variable_item(std::string_view body) {
  for (size_t i = 0; i < body.size(); i++) {
    char c = body[i];
    if (c == '\\') {
      if (i + 1 < body.size() && (body[i + 1] == 'R' || body[i + 1] == 'X')) return true;
      i++;
    } else if (c == '(' && i + 1 < body.size() && body[i + 1] == '?') {
      i++;
    } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == '|') {
      return true;
    }
  }
  return false;
}

// A lookbehind that calls a group: PCRE 8 knows its length only at the
// pattern's end.
bool calls_group(std::string_view body) {
  for (size_t k = body.find("(?"); k != std::string_view::npos; k = body.find("(?", k + 2)) {
    char c = k + 2 < body.size() ? body[k + 2] : '\0';
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '&' || c == 'R' ||
        body.substr(k, 4) == "(?P>")
      return true;
  }
  return false;
}

// PCRE2 does not say which lookbehind is at fault; PCRE 8 points at the )
// of the first one to close that has the fault in it (for "not fixed
// length": a quantifier, an alternation, \R or \X), else of the first.
size_t lookbehind_end(std::string_view s, bool backslash_c) {
  size_t first = std::string_view::npos, best = std::string_view::npos;
  for (size_t at = 0;; at += 4) {
    size_t a = s.find("(?<=", at), b = s.find("(?<!", at);
    at = a < b ? a : b;
    if (at == std::string_view::npos) break;
    size_t end = group_end(s, at);
    if (first == std::string_view::npos) first = end;
    std::string_view body = s.substr(at + 4, end - at - 4);
    bool at_fault = backslash_c ? body.find("\\C") != std::string_view::npos : has_variable_item(body);
    if (!backslash_c && !at_fault && calls_group(body)) {
      end = s.size();
      at_fault = true;
    }
    if (at_fault && (best == std::string_view::npos || end < best)) best = end;
  }
  if (best != std::string_view::npos) return best;
  return first == std::string_view::npos ? 0 : first;
}

size_t adjust(At at, int code, size_t off, std::string_view s) {
  switch (at) {
    case At::same: return off;
    case At::before: return off > 0 ? off - 1 : 0;
    case At::after: return off + 1;
    case At::reference: return reference_offset(s, off);
    case At::conditional_end: {
      // PCRE2 points inside the group's opening "(?(DEFINE", or at 0
      size_t open = s.rfind("(?(", off);
      if (open == std::string_view::npos) open = s.find("(?(");
      return open == std::string_view::npos ? off : group_end(s, open);
    }
    case At::lookbehind: return lookbehind_end(s, code == 136);
    case At::verb_end: {
      size_t close = s.find(')', off);
      return close == std::string_view::npos ? s.size() : close;
    }
    case At::escape_letter: {
      size_t bs = s.rfind('\\', off > 0 ? off - 1 : 0);
      return bs == std::string_view::npos ? off : bs + 1;
    }
    case At::first_non_hex: {
      size_t x = s.rfind("\\x{", off);
      if (x == std::string_view::npos) return off;
      size_t k = x + 3;
      while (k < s.size() && std::isxdigit(static_cast<unsigned char>(s[k]))) k++;
      return k;
    }
    case At::zero: return 0;
  }
  return off;
}

// \g not followed by a number or a name: PCRE 8 words it as a reference
// to group zero when \g is followed by anything but a bracket or quote.
CompileError g_escape_error(std::string_view s, size_t off) {
  size_t g = s.rfind("\\g", off);
  if (g == std::string_view::npos) return {"a numbered reference must not be zero", off};
  char next = g + 2 < s.size() ? s[g + 2] : '\0';
  const char* text = "\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number";
  if (next == '<' || next == '\'') return {text, g + 2};
  if (next == '{') {
    if (g + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[g + 3])) &&
        s.find('}', g) != std::string_view::npos)
      return {"group name must start with a non-digit", g + 3};
    return {text, s.find('}', g) == std::string_view::npos ? s.size() : g + 2};
  }
  return {"a numbered reference must not be zero", g + 1};
}

}  // namespace

CompileError erts_compile_error(int code, size_t offset, std::string_view source) {
  if (code < 0) return {"invalid UTF-8 string", offset};  // PCRE2_ERROR_UTF8_ERR*
  // a group's name missing at the pattern's end, or a condition's
  // malformed: PCRE 8 words these after the construct they are in
  bool at_end = offset == source.size();
  if (code == 162 && at_end && (source.ends_with("(?'") || source.ends_with("(?P<")))
    code = 142;
  size_t cond = source.rfind("(?(", offset);
  size_t cond_close = cond == std::string_view::npos ? cond : source.find(')', cond);
  bool in_condition = cond != std::string_view::npos && (cond_close == std::string_view::npos || offset <= cond_close);
  if (code == 142 && in_condition) return {"malformed number or name after (?(", offset};
  if (code == 162 && in_condition) return {"assertion expected after (?( or (?(?C)", offset};
  if (code == 162 && offset >= 3 && offset < source.size() && source.substr(offset - 3, 3) == "(?<")
    return {"unrecognized character after (?<", offset};
  if (code == 157) return g_escape_error(source, offset);
  if (code == 115) {
    // \g0, \g{0}: a reference to group zero (PCRE2 points after it,
    // PCRE 8 at its last digit or its closing brace)
    size_t end = offset > 0 && offset <= source.size() && source[offset - 1] == '}' ? offset - 1 : offset;
    size_t d = end;
    while (d > 0 && source[d - 1] == '0') d--;
    if (d < end && d > 0 && (source[d - 1] == 'g' || (source[d - 1] == '{' && d > 1 && source[d - 2] == 'g')))
      return {"a numbered reference must not be zero", end == offset ? end - 1 : end};
  }
  if (code == 178 && offset >= 3 && source.substr(offset - 3, 3) == "\\x{" && offset == source.size())
    return {"non-hex character in \\x{} (closing brace missing?)", offset};
  if (code == 178 && offset >= 3 && source.substr(offset - 3, 3) == "\\o{")
    return {"digits missing in \\x{} or \\o{}", offset - 2};
  if (code == 160) {
    size_t verb = source.rfind("(*", offset);
    if (verb != std::string_view::npos && source.substr(verb, 8) == "(*LIMIT_")
      return {"(*VERB) not recognized or malformed", verb + 7};
  }
  for (const ErrorRow& r : ERROR_ROWS) {
    if (r.code == code) return {r.text, adjust(r.at, code, offset, source)};
  }
  // an error PCRE 8 has no counterpart for: PCRE2's own text
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof buf);
  if (n < 0) return {"internal error: unknown error", offset};
  return {std::string(reinterpret_cast<const char*>(buf), size_t(n)), offset};
}

CompileError inconsistent_newline_error() { return {"inconsistent NEWLINE options", 0}; }

}  // namespace girder::re
