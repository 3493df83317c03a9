// PCRE 8 pattern syntax, as ERTS 25's re reads it, turned into PCRE2
// syntax with the same meaning.
//
// ERTS embeds PCRE 8.44; Girder compiles with PCRE2 10.42, whose syntax is
// almost the same. Where the two read the same text differently, the text
// is rewritten before PCRE2 sees it:
//  - ERTS hands PCRE a C string: a pattern ends at its first NUL byte;
//  - a backslash before a letter PCRE 8 does not know (\i, \j, \m, \q, \y,
//    \F, \I, \J, \M, \O, \T, \Y) is that letter; PCRE2 refuses it;
//  - in a character class, \B \R \X \z \Z \A \G \C \K are the letters;
//    PCRE2 refuses them;
//  - \8 and \9 are the digits unless as many groups came before them;
//    PCRE2 makes them back references;
//  - \c may be followed by any ASCII byte, control characters included;
//  - in a character class, a hyphen right after a class escape (\d, \w,
//    \p{..}, ...) or a POSIX class ([:alpha:]) and not before the closing
//    bracket is a literal hyphen ([\w-.]); PCRE2 refuses it.
// Compile errors carry an offset into the text PCRE2 compiled, which
// `original_offset` turns back into an offset into the caller's pattern.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace girder::re {

class TranslatedPattern {
 public:
  // `extended`: the pattern is compiled with the extended option, so that
  // outside classes a # starts a comment that runs to the end of the line.
  TranslatedPattern(std::string_view pcre8_source, bool extended);

  const std::string& text() const { return text_; }
  // The offset in the original pattern of offset `pos` in text().
  size_t original_offset(size_t pos) const;

 private:
  std::string text_;
  // Each edit at a position of text_: delta > 0, that many bytes were
  // inserted just before it; delta < 0, that many bytes of the original
  // were dropped just before it. Offsets from pos on shift by delta. In
  // increasing position order.
  struct Edit {
    size_t pos;
    int delta;
  };
  std::vector<Edit> edits_;
};

}  // namespace girder::re
