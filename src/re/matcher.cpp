// Running matches (matcher.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re/matcher.h"

#include <pcre2.h>

#include <algorithm>
#include <memory>

namespace girder::re {

namespace {

// Backtracking memory one match may use (KiB). PCRE 8 in ERTS is bounded
// only by its match limits; 1 GiB keeps a runaway pattern from taking the
// machine's memory (past it the match fails as if the depth limit hit).
constexpr uint32_t HEAP_LIMIT_KIB = 1 << 20;
// A per-position limit below this makes ordinary patterns give up too
// often in the bounded attempt.
constexpr uint32_t MIN_LIMIT_PER_POSITION = 100;

// Match data and context, one set per thread: the match data keeps
// PCRE2's backtracking frames between matches (10.41 and later), so a
// thread that matches often allocates them once.
class ThreadMatchState {
 public:
  ~ThreadMatchState() {
    for (auto& s : slots_) pcre2_match_data_free(s.data);
    pcre2_match_context_free(ctx_);
  }
  pcre2_match_data* data_for(size_t pairs) {
    for (auto& s : slots_)
      if (s.pairs == pairs) return s.data;
    // a handful of sizes in use at once is the common case
    if (slots_.size() >= 8) {
      pcre2_match_data_free(slots_.front().data);
      slots_.erase(slots_.begin());
    }
    pcre2_match_data* d = pcre2_match_data_create(uint32_t(pairs), nullptr);
    if (d) slots_.push_back({pairs, d});
    return d;
  }
  pcre2_match_context* context() {
    if (!ctx_) ctx_ = pcre2_match_context_create(nullptr);
    return ctx_;
  }

 private:
  struct Slot {
    size_t pairs;
    pcre2_match_data* data;
  };
  std::vector<Slot> slots_;
  pcre2_match_context* ctx_ = nullptr;
};

thread_local ThreadMatchState tls_state;

MatchResult run(const MatchRequest& req, uint32_t match_limit, size_t offset_limit) {
  MatchResult r;
  pcre2_match_data* md = tls_state.data_for(req.pairs);
  pcre2_match_context* ctx = tls_state.context();
  if (!md || !ctx) {
    r.rc = PCRE2_ERROR_NOMEMORY;
    return r;
  }
  pcre2_set_match_limit(ctx, match_limit);
  pcre2_set_depth_limit(ctx, req.depth_limit);
  pcre2_set_heap_limit(ctx, HEAP_LIMIT_KIB);
  pcre2_set_offset_limit(ctx, offset_limit);
  r.rc = pcre2_match(req.pattern->code(), req.subject, req.length, req.offset, req.options, md, ctx);
  static_assert(UNSET_OFFSET == PCRE2_UNSET);
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  r.ovector.assign(ov, ov + 2 * req.pairs);
  // only the first rc pairs are the match's
  if (r.rc > 0)
    for (size_t i = 2 * size_t(r.rc); i < r.ovector.size(); i++) r.ovector[i] = UNSET_OFFSET;
  if (r.rc < 0) {
    r.ovector.assign(2 * req.pairs, PCRE2_UNSET);
    r.span = req.length - req.offset;
  } else {
    r.span = r.ovector[1] == PCRE2_UNSET || r.ovector[1] < req.offset ? 0 : r.ovector[1] - req.offset;
  }
  return r;
}

bool anchored(const MatchRequest& req) {
  uint32_t all = 0;
  pcre2_pattern_info(req.pattern->code(), PCRE2_INFO_ALLOPTIONS, &all);
  return ((req.options | all) & PCRE2_ANCHORED) != 0;
}

}  // namespace

MatchResult match(const MatchRequest& req) { return run(req, req.match_limit, PCRE2_UNSET); }

bool match_bounded(const MatchRequest& req, uint32_t work, MatchResult* out) {
  size_t remaining = req.length - req.offset;
  bool windowed = remaining > BOUNDED_WINDOW;
  size_t positions = std::min(remaining, BOUNDED_WINDOW) + 1;
  uint32_t per_position = std::max<uint32_t>(uint32_t(work / positions), MIN_LIMIT_PER_POSITION);
  bool own_limit = per_position < req.match_limit;
  uint32_t limit = own_limit ? per_position : req.match_limit;
  *out = run(req, limit, windowed ? req.offset + BOUNDED_WINDOW : PCRE2_UNSET);
  if (out->rc == PCRE2_ERROR_MATCHLIMIT && own_limit) return false;
  // no match among the first start positions says nothing of the others
  if (out->rc == PCRE2_ERROR_NOMATCH && windowed && !anchored(req)) return false;
  return true;
}

}  // namespace girder::re
