// PCRE 8 pattern text turned into PCRE2 text (pattern_source.h).
//
// One pass over the pattern that knows just enough of the syntax to find
// character classes and count capturing groups: escapes (\c takes the
// next byte too), \Q...\E quoting, (?#...) comments, #-comments in
// extended mode, POSIX classes inside classes, and a ] that opens a class
// being a literal.
#include "re/pattern_source.h"

#include <cstring>

namespace girder::re {

namespace {

// Letters PCRE 8 reads as themselves after a backslash, anywhere.
bool unknown_escape(char c) { return c && std::strchr("ijmqyFIJMOTY", c) != nullptr; }
// ... and inside a class, where these assertions and \C, \R, \X mean nothing.
bool unknown_in_class(char c) { return c && std::strchr("BRXzZAGCK", c) != nullptr; }
// Escapes that stand for a set of characters inside a class.
bool class_escape(char c) { return c && std::strchr("dDsSwWhHvVpP", c) != nullptr; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

}  // namespace

TranslatedPattern::TranslatedPattern(std::string_view src, bool extended) {
  // ERTS passes the pattern to PCRE as a C string
  size_t nul = src.find('\0');
  if (nul != std::string_view::npos) src = src.substr(0, nul);
  text_.reserve(src.size() + 8);
  size_t i = 0, n = src.size();
  auto at = [&](size_t k) { return k < n ? src[k] : '\0'; };
  auto copy = [&](size_t count) {
    if (count > n - i) count = n - i;
    text_.append(src.substr(i, count));
    i += count;
  };
  auto drop = [&] {
    edits_.push_back({text_.size(), -1});
    i++;
  };
  bool in_class = false;
  bool after_set = false;  // in a class, the last item was a set (\w, [:alpha:])
  size_t class_start = 0;  // index just after the [ or [^ that opened the class
  unsigned groups = 0;     // capturing groups opened so far
  // An escape at src[i]; true if it stands for a set of characters.
  auto escape = [&]() -> bool {
    char e = at(i + 1);
    if (e == 'c') {
      // \c with a control character: PCRE 8 takes any ASCII byte there,
      // PCRE2 only printable ones; write the byte it stands for instead
      unsigned char x = static_cast<unsigned char>(at(i + 2));
      if (i + 2 < n && (x < 32 || x == 127)) {
        static const char hex[] = "0123456789abcdef";
        unsigned v = x ^ 0x40;
        text_ += "\\x{";
        text_ += hex[v >> 4];
        text_ += hex[v & 15];
        text_ += '}';
        edits_.push_back({text_.size(), +3});
        i += 3;
      } else {
        copy(3);
      }
      return false;
    }
    if (unknown_escape(e) || (in_class && unknown_in_class(e))) {
      drop();
      copy(1);
      return false;
    }
    // \8 and \9 are the digits unless that many groups came before
    if (!in_class && (e == '8' || e == '9') && !is_digit(at(i + 2)) && groups < unsigned(e - '0')) {
      drop();
      copy(1);
      return false;
    }
    if (in_class && class_escape(e)) {
      bool braced = (e == 'p' || e == 'P') && at(i + 2) == '{';
      size_t end = braced ? src.find('}', i) : std::string_view::npos;
      copy(braced ? (end == std::string_view::npos ? n - i : end + 1 - i)
                  : (e == 'p' || e == 'P') ? 3 : 2);
      return true;
    }
    copy(2);
    return false;
  };
  while (i < n) {
    char c = src[i];
    if (c == '\\' && at(i + 1) == 'Q') {
      // quoted text: everything up to \E is literal
      size_t end = src.find("\\E", i + 2);
      copy(end == std::string_view::npos ? n - i : end + 2 - i);
      after_set = false;
      continue;
    }
    if (!in_class) {
      if (c == '\\') {
        escape();
      } else if (c == '[') {
        in_class = true;
        after_set = false;
        copy(at(i + 1) == '^' ? 2 : 1);
        class_start = i;
      } else if (c == '(' && src.substr(i, 3) == "(?#") {
        size_t end = src.find(')', i);
        copy(end == std::string_view::npos ? n - i : end + 1 - i);
      } else if (c == '#' && extended) {
        size_t end = src.find('\n', i);
        copy(end == std::string_view::npos ? n - i : end + 1 - i);
      } else {
        if (c == '(') {
          std::string_view rest = src.substr(i);
          if (at(i + 1) != '?' || rest.starts_with("(?P<") || rest.starts_with("(?'") ||
              (rest.starts_with("(?<") && is_name_start(at(i + 3))))
            groups++;
        }
        copy(1);
      }
      continue;
    }
    // inside a class
    if (c == '\\') {
      after_set = escape();
    } else if (c == '[' && (at(i + 1) == ':' || at(i + 1) == '.' || at(i + 1) == '=')) {
      char kind = src[i + 1];
      size_t end = src.find(std::string{kind, ']'}, i + 2);
      if (end == std::string_view::npos) {
        copy(1);
        after_set = false;
      } else {
        copy(end + 2 - i);
        after_set = kind == ':';
      }
    } else if (c == ']' && i != class_start) {
      in_class = false;
      copy(1);
    } else if (c == '-' && after_set && i + 1 < n && src[i + 1] != ']') {
      text_.push_back('\\');
      edits_.push_back({text_.size(), +1});
      copy(1);
      after_set = false;
    } else {
      copy(1);
      after_set = false;
    }
  }
}

size_t TranslatedPattern::original_offset(size_t pos) const {
  long shift = 0;
  for (const Edit& e : edits_) {
    if (e.pos > pos) break;
    shift += e.delta;
  }
  long orig = long(pos) - shift;
  return orig < 0 ? 0 : size_t(orig);
}

}  // namespace girder::re
