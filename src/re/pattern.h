// Compiled regular expressions for OTP's re module, and the bytes that
// stand for one inside a {re_pattern, ...} term.
//
// ERTS puts PCRE's compiled program into the term; Girder puts the
// pattern's text and compile options there (serialize()) and keeps the
// compiled PCRE2 program in a cache shared by all schedulers, keyed by
// those bytes (pattern_from_bytes()). So a pattern term survives
// term_to_binary, messages and other nodes running Girder, and a run
// recompiles only after the program fell out of the cache. A pattern
// compiled by ERTS holds PCRE 8 bytes, which Girder does not read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "re/compile_errors.h"

struct pcre2_real_code_8;

namespace girder::re {

// Newline conventions as ERTS's {newline, _} options set them: PCRE 8
// ORs the bits of all such options of one call (an invalid mix is an
// error), 0 is the default (LF).
enum NewlineBits : uint8_t { NL_CR = 1, NL_LF = 2, NL_CRLF = 3, NL_ANY = 4, NL_ANYCRLF = 5 };
// What \R matches (bsr_anycrlf, bsr_unicode); both at once is an error.
enum BsrBits : uint8_t { BSR_ANYCRLF = 1, BSR_UNICODE = 2 };

struct CompileSpec {
  uint32_t options = 0;  // PCRE2 compile option bits (PCRE2_CASELESS, ...)
  uint8_t newline = 0;   // NewlineBits ORed, 0 for the default
  uint8_t bsr = 0;       // BsrBits ORed, 0 for the default
};

// A compiled pattern: immutable, shared by every thread that runs it.
class Pattern {
 public:
  struct Name {
    uint32_t group;
    std::string name;
  };
  explicit Pattern(pcre2_real_code_8* code);  // takes the code over
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  const pcre2_real_code_8* code() const { return code_; }
  uint32_t capture_count() const { return capture_count_; }
  // The newline convention is any, crlf or anycrlf (ERTS's UseCrlf field).
  bool use_crlf() const { return use_crlf_; }
  // Compiled for UTF-8 (the unicode option, or (*UTF) in the pattern).
  bool utf() const { return utf_; }
  // Named groups in PCRE's name table order (by name); with duplicate
  // names (dupnames) a name has one entry per group.
  const std::vector<Name>& names() const { return names_; }
  bool has_duplicate_names() const { return duplicate_names_; }

 private:
  pcre2_real_code_8* code_;
  uint32_t capture_count_ = 0;
  bool use_crlf_ = false;
  bool utf_ = false;
  bool duplicate_names_ = false;
  std::vector<Name> names_;
};

using PatternPtr = std::shared_ptr<const Pattern>;

struct CompileResult {
  PatternPtr pattern;  // null on error
  CompileError error;
};

// Compiles a pattern written in ERTS's (PCRE 8's) syntax. Programs are
// cached: compiling the same text with the same spec again is a lookup.
CompileResult compile(std::string_view source, const CompileSpec& spec);

// The bytes of a {re_pattern, ...} term for source and spec (the source
// up to its first NUL, which is where PCRE 8 stops reading).
std::string serialize(std::string_view source, const CompileSpec& spec);
// Reads bytes that serialize() made; false for any other bytes.
bool deserialize(std::string_view bytes, CompileSpec* spec, std::string_view* source);

// The compiled pattern that serialize()'d bytes stand for; null when the
// bytes are not Girder's or do not compile.
PatternPtr pattern_from_bytes(std::string_view bytes);

}  // namespace girder::re
