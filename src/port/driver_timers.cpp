#include "port/driver_timers.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>

#include "port/port.h"

namespace girder {

DriverTimers::~DriverTimers() {
  // the driver closes its timers with the port (close()); a driver object
  // dropped without it (a failed open) must not leak the descriptor
  if (fd_ >= 0) ::close(fd_);
}

uint64_t DriverTimers::start(Port& port, uint32_t ms, int kind, Term caller) {
  if (fd_ < 0) {
    fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd_ < 0) return 0;
    port.host->select(port, fd_, PortHost::READ);
  }
  Timer t{next_id_++, Clock::now() + std::chrono::milliseconds(ms), kind, caller};
  auto at = std::upper_bound(timers_.begin(), timers_.end(), t.when,
                             [](Clock::time_point w, const Timer& x) { return w < x.when; });
  bool earliest = at == timers_.begin();
  timers_.insert(at, t);
  if (earliest) rearm();
  return t.id;
}

void DriverTimers::cancel(Port&, uint64_t id) {
  auto it = std::find_if(timers_.begin(), timers_.end(), [&](const Timer& t) { return t.id == id; });
  if (it == timers_.end()) return;
  bool earliest = it == timers_.begin();
  timers_.erase(it);
  if (earliest) rearm();
}

void DriverTimers::cancel_kind(Port& port, int kind, Term caller) {
  for (const Timer& t : timers_) {
    if (t.kind == kind && (!is_value(caller) || t.caller == caller)) return cancel(port, t.id);
  }
}

void DriverTimers::cancel_all(Port&) {
  if (timers_.empty()) return;
  timers_.clear();
  rearm();
}

uint32_t DriverTimers::left(uint64_t id) const {
  for (const Timer& t : timers_) {
    if (t.id != id) continue;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.when - Clock::now()).count();
    return ms > 0 ? uint32_t(ms) : 0;
  }
  return 0;
}

std::vector<DriverTimers::Timer> DriverTimers::take_due(Port&) {
  uint64_t expirations;
  ssize_t r = read(fd_, &expirations, sizeof expirations);  // clears readiness
  (void)r;
  auto now = Clock::now();
  auto end = std::find_if(timers_.begin(), timers_.end(), [&](const Timer& t) { return t.when > now; });
  std::vector<Timer> due(timers_.begin(), end);
  timers_.erase(timers_.begin(), end);
  rearm();
  return due;
}

void DriverTimers::close(Port& port) {
  timers_.clear();
  if (fd_ < 0) return;
  port.host->deselect(port, fd_);
  ::close(fd_);
  fd_ = -1;
}

void DriverTimers::rearm() {
  if (fd_ < 0) return;
  itimerspec spec{};
  if (!timers_.empty()) {
    // steady_clock is CLOCK_MONOTONIC on Linux: an absolute deadline, so a
    // timer already due fires at once
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(timers_.front().when.time_since_epoch()).count();
    if (ns <= 0) ns = 1;  // a zero value would disarm
    spec.it_value.tv_sec = time_t(ns / 1000000000);
    spec.it_value.tv_nsec = long(ns % 1000000000);
  }
  timerfd_settime(fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
}

}  // namespace girder
