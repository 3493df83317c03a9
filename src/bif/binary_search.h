// Searching binaries for one or several patterns (binary:match/matches/
// split and binary:compile_pattern).
//
// One pattern is searched for with memmem; several with an Aho-Corasick
// automaton. Which match wins follows ERTS exactly:
//   first match: the one that starts first; of those, the longest;
//   all matches: scanning left to right, each match found replaces the
//     matches it overlaps if it starts earlier (or at the same place and
//     is longer), as ERTS's Aho-Corasick search does.
//
// binary:compile_pattern/1 returns {bm, Bin} (one pattern) or {ac, Bin}
// (several), where Bin holds the pattern or the automaton in the format
// described in binary_search.cpp, behind a magic header and a serial
// number (so that two compilations never compare equal, like ERTS's
// references). Anything else in a {bm, _} or {ac, _} tuple is badarg.
#pragma once

#include <vector>

#include "term/binary.h"

namespace girder {

struct BinMatch {
  Uint pos;
  Uint len;
};

class PatternSearcher {
 public:
  // Accepts what binary:match/split accept as a pattern: a compiled pattern
  // tuple, a non-empty binary, or a proper non-empty list of non-empty
  // binaries. False means badarg.
  bool load(Term pattern);
  // Searches hay[start, end). Positions are indices into hay.
  bool find_first(const uint8_t* hay, Uint start, Uint end, BinMatch* m) const;
  void find_all(const uint8_t* hay, Uint start, Uint end, std::vector<BinMatch>* out) const;

 private:
  bool adopt(const uint8_t* data, Uint size);

  std::vector<uint8_t> own_;  // compiled on the fly, or an aligned copy
  const uint8_t* data_ = nullptr;
  Uint size_ = 0;
  bool multi_ = false;
  Uint nodes_ = 0;
  Uint edges_ = 0;
};

// binary:compile_pattern/1; THE_NON_VALUE means badarg.
Term binary_compile_pattern(Heap& h, Term pattern);

}  // namespace girder
