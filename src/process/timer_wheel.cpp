#include "process/timer_wheel.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace girder {

void TimerWheel::FreeSlots::operator()(TimerNode** p) const { std::free(p); }

void TimerWheel::link_slot(TimerNode* n, uint64_t ms) {
  if (!slots_) {
    auto* mem = static_cast<TimerNode**>(std::calloc(SLOTS, sizeof(TimerNode*)));
    if (!mem) {
      std::fputs("girder: out of memory for a timer wheel\n", stderr);
      std::abort();
    }
    slots_.reset(mem);
  }
  unsigned s = slot_of(ms);
  n->next = slots_[s];
  if (n->next) n->next->pprev = &n->next;
  n->pprev = &slots_[s];
  slots_[s] = n;
  used_[s / 64] |= uint64_t(1) << (s % 64);
  n->in_overflow = false;
  count_++;
}

void TimerWheel::insert(TimerNode* n, uint64_t now_ms) {
  // an empty wheel starts at the present: no slots to walk through first
  if (count_ == 0 && pos_ < now_ms) pos_ = now_ms;
  if (n->due_ms < pos_ + SLOTS) {
    link_slot(n, std::max(n->due_ms, pos_));
    return;
  }
  n->in_overflow = true;
  n->pprev = reinterpret_cast<TimerNode**>(&n->pprev);  // "in the wheel"
  n->overflow_pos = overflow_.emplace(n->due_ms, n);
}

bool TimerWheel::remove(TimerNode* n) {
  if (!n->pprev) return false;
  if (n->in_overflow) {
    overflow_.erase(n->overflow_pos);
    n->in_overflow = false;
  } else {
    *n->pprev = n->next;
    if (n->next) n->next->pprev = n->pprev;
    count_--;
    TimerNode** first = slots_.get();
    if (n->pprev >= first && n->pprev < first + SLOTS && !*n->pprev) {
      auto s = unsigned(n->pprev - first);
      used_[s / 64] &= ~(uint64_t(1) << (s % 64));
    }
  }
  n->pprev = nullptr;
  n->next = nullptr;
  return true;
}

uint64_t TimerWheel::find_used(uint64_t from, uint64_t to) const {
  for (uint64_t ms = from; ms <= to;) {
    unsigned s = slot_of(ms);
    uint64_t word = used_[s / 64] >> (s % 64);
    if (word & 1) {
      if (slots_[s]) return ms;
      ms++;
      continue;
    }
    if (word == 0) {
      ms += 64 - s % 64;  // rest of this word is empty
    } else {
      ms += uint64_t(__builtin_ctzll(word));
    }
  }
  return UINT64_MAX;
}

void TimerWheel::pull_overflow() {
  while (!overflow_.empty()) {
    auto it = overflow_.begin();
    if (it->first < pos_ || it->first >= pos_ + SLOTS) break;  // past ones: take_due
    TimerNode* n = it->second;
    overflow_.erase(it);
    link_slot(n, n->due_ms);
  }
}

TimerNode* TimerWheel::take_due(uint64_t now_ms) {
  if (!due_) {
    while (pos_ <= now_ms) {
      if (count_ == 0) {
        pos_ = now_ms + 1;
        pull_overflow();
        break;
      }
      uint64_t last = std::min(now_ms, pos_ + SLOTS - 1);
      uint64_t ms = find_used(pos_, last);
      if (ms == UINT64_MAX) {
        pos_ = last + 1;
        pull_overflow();
        continue;
      }
      unsigned s = slot_of(ms);
      TimerNode* list = slots_[s];
      slots_[s] = nullptr;
      used_[s / 64] &= ~(uint64_t(1) << (s % 64));
      while (list) {  // newest first: reversed onto due_, oldest first
        TimerNode* n = list->next;
        list->next = due_;
        list->pprev = nullptr;  // no longer removable: it is firing
        due_ = list;
        count_--;
        list = n;
      }
      pos_ = ms + 1;
      pull_overflow();
      break;
    }
  }
  if (due_) {
    TimerNode* n = due_;
    due_ = n->next;
    n->next = nullptr;
    n->pprev = nullptr;
    return n;
  }
  // overflow timers already due (the clock jumped past the wheel)
  if (!overflow_.empty() && overflow_.begin()->first <= now_ms) {
    TimerNode* n = overflow_.begin()->second;
    overflow_.erase(overflow_.begin());
    n->in_overflow = false;
    n->pprev = nullptr;
    return n;
  }
  return nullptr;
}

uint64_t TimerWheel::next_due() const {
  uint64_t best = overflow_.empty() ? UINT64_MAX : overflow_.begin()->first;
  if (count_ > 0) best = std::min(best, find_used(pos_, pos_ + SLOTS - 1));
  return best;
}

}  // namespace girder
