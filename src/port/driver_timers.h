// A driver's timeouts (ERTS: driver_set_timer, and inet_drv's multi-timers
// on top of it): any number of deadlines, each with a kind and a process
// it concerns, served by one timerfd that the driver selects for reading
// through its PortHost. The timerfd is made when the first timer starts, so
// a port that never waits costs no descriptor. Used with the port locked.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "term/term.h"

namespace girder {

struct Port;

class DriverTimers {
 public:
  using Clock = std::chrono::steady_clock;
  struct Timer {
    uint64_t id;
    Clock::time_point when;
    int kind;     // the driver's own numbering
    Term caller;  // a local pid, or THE_NON_VALUE
  };

  DriverTimers() = default;
  DriverTimers(const DriverTimers&) = delete;
  DriverTimers& operator=(const DriverTimers&) = delete;
  ~DriverTimers();

  // Starts a timer due in `ms` milliseconds; returns its id (never 0), or
  // 0 if no timerfd could be made (the timer then never fires).
  uint64_t start(Port& port, uint32_t ms, int kind, Term caller = THE_NON_VALUE);
  // Stops the timer `id` (nothing if it already fired or was stopped).
  void cancel(Port& port, uint64_t id);
  // Stops the earliest timer of `kind` (of `caller` too, when given).
  void cancel_kind(Port& port, int kind, Term caller = THE_NON_VALUE);
  // Stops every timer; the timerfd stays for later ones.
  void cancel_all(Port& port);
  // Milliseconds left on timer `id` (0 if due or unknown).
  uint32_t left(uint64_t id) const;
  bool empty() const { return timers_.empty(); }
  // The timerfd (-1 before the first timer): readiness of this fd is the
  // driver's cue to call take_due.
  int fd() const { return fd_; }
  // The timers now due, earliest first, taken out; the timerfd is armed
  // for the next one.
  std::vector<Timer> take_due(Port& port);
  // Stops every timer and closes the timerfd (the driver is closing).
  void close(Port& port);

 private:
  // Arms the timerfd for the earliest timer, or disarms it.
  void rearm();
  int fd_ = -1;
  std::vector<Timer> timers_;  // by `when`; equal deadlines in start order
  uint64_t next_id_ = 1;
};

}  // namespace girder
