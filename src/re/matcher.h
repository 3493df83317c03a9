// Running a compiled pattern over a subject, whole or within a budget.
//
// ERTS's PCRE counts its loops and gives the scheduler back in the middle
// of a match (re:run traps and resumes). PCRE2 cannot stop in the middle
// and resume, so Girder bounds the work instead: match_bounded() runs a
// match whose cost it can bound (a low match limit per start position, and
// on a long subject only the start positions near the start offset, which
// pcre2's offset limit gives), and says when that did not settle the
// answer; the caller then runs match() where long work does no harm (a
// dirty CPU scheduler). Running the same match again gives the same answer,
// so the first attempt costs only its bounded work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "re/pattern.h"

namespace girder::re {

// PCRE's default limits (ERTS's too): match() calls per start position,
// and backtracking depth.
constexpr uint32_t DEFAULT_MATCH_LIMIT = 10000000;
constexpr uint32_t DEFAULT_DEPTH_LIMIT = 10000000;

// An ovector entry of a group that is not set (PCRE2_UNSET).
constexpr size_t UNSET_OFFSET = ~size_t(0);

struct MatchRequest {
  const Pattern* pattern = nullptr;
  const uint8_t* subject = nullptr;
  size_t length = 0;
  size_t offset = 0;     // start offset, at most length
  uint32_t options = 0;  // PCRE2 match options (PCRE2_ANCHORED, PCRE2_NOTBOL, ...)
  uint32_t match_limit = DEFAULT_MATCH_LIMIT;
  uint32_t depth_limit = DEFAULT_DEPTH_LIMIT;
  // ovector pairs wanted (group count + 1; fewer makes pcre2_match answer
  // 0, as PCRE 8 did for ERTS when the ovector was too small)
  size_t pairs = 1;
};

struct MatchResult {
  int rc = 0;  // pcre2_match's answer: pairs set, or a PCRE2_ERROR_* code
  // 2 * pairs offsets: start and end of each group, UNSET_OFFSET if unset
  std::vector<size_t> ovector;
  // bytes of the subject the match looked at, at least (for reductions)
  size_t span = 0;
};

// Runs the match to its end, however long it takes.
MatchResult match(const MatchRequest& req);

// Runs the match within about `work` units (internal match() calls) and
// returns true with the answer, or false when the answer needs more work
// than that (the request is then to be run with match()).
bool match_bounded(const MatchRequest& req, uint32_t work, MatchResult* out);

// The offset limit above which match_bounded leaves start positions to
// match(), exposed for tests.
constexpr size_t BOUNDED_WINDOW = 2048;

}  // namespace girder::re
