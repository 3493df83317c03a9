#include "runtime/schedulers.h"

#include <chrono>
#include <cstdlib>
#include <memory>
#include <vector>

#include "interp/interp.h"
#include "process/vm_services.h"
#include "runtime/dirty_schedulers.h"
#include "runtime/vm.h"

namespace girder {

namespace {

struct Schedulers {
  SchedConfig cfg;
  std::vector<std::unique_ptr<Scheduler>> normal;
  bool started = false;
  std::mutex start_lock;
  std::atomic<bool> stopping{false};
  std::atomic<int> sleepers{0};
  // Deferred freeing: bumped at every retirement.
  std::atomic<uint64_t> epoch{1};
  // Idle detection (sched_wait_idle): schedulers asleep with no timer.
  std::mutex idle_lock;
  std::condition_variable idle_cv;
  std::atomic<unsigned> idle{0};
  // Crash dumps (sched_stop_for_dump): set while one thread writes a dump;
  // the others park at their next point between two slices.
  std::atomic<bool> parking{false};
  std::mutex park_lock;
  std::condition_variable park_cv;
  unsigned parked = 0;  // under park_lock
};

Schedulers& S() {
  static Schedulers* s = new Schedulers;
  return *s;
}

thread_local Scheduler* tl_sched = nullptr;

void push_local(Scheduler* s, Process* p) {
  std::lock_guard<std::mutex> g(s->rq_lock);
  s->run_queue.push(p);
  s->rq_len.store(uint32_t(s->run_queue.size()), std::memory_order_seq_cst);
}

Process* pop_local(Scheduler* s) {
  if (s->rq_len.load(std::memory_order_relaxed) == 0) return nullptr;
  std::lock_guard<std::mutex> g(s->rq_lock);
  if (s->run_queue.empty()) return nullptr;
  Process* p = s->run_queue.pop();
  s->rq_len.store(uint32_t(s->run_queue.size()), std::memory_order_relaxed);
  return p;
}

// Wakes s if it sleeps.
void wake_scheduler(Scheduler* s) {
  if (!s->sleeping.load(std::memory_order_seq_cst)) return;
  std::lock_guard<std::mutex> g(s->sleep_lock);
  s->wake_flag = true;
  s->wake_cv.notify_one();
}

// s has more runnable processes than it can start: a sleeping scheduler
// comes to steal some.
void wake_helper(Scheduler* s) {
  Schedulers& all = S();
  if (all.sleepers.load(std::memory_order_seq_cst) == 0) return;
  unsigned n = all.cfg.online;
  for (unsigned k = 1; k < n; k++) {
    Scheduler* t = all.normal[(s->index + k) % n].get();
    if (!t->sleeping.load(std::memory_order_seq_cst)) continue;
    std::lock_guard<std::mutex> g(t->sleep_lock);
    if (t->wake_flag) continue;
    t->wake_flag = true;
    t->wake_cv.notify_one();
    return;
  }
}

// Takes work from another scheduler's queue: the older half of it. A
// victim's lone queued process is taken only when the victim asked for
// help (`asked`): a scheduler that merely ran dry would otherwise take the
// one process its neighbour is about to run, and a message passed along a
// chain of processes would cross between threads at every hop.
Process* steal(Scheduler* s, bool asked) {
  Schedulers& all = S();
  unsigned n = all.cfg.online;
  for (unsigned k = 1; k < n; k++) {
    Scheduler* v = all.normal[(s->index + k) % n].get();
    uint32_t least = asked ? 1 : 2;
    if (v->rq_len.load(std::memory_order_relaxed) < least) continue;
    std::vector<Process*> taken;
    {
      std::lock_guard<std::mutex> g(v->rq_lock);
      if (v->run_queue.size() < least) continue;
      size_t want = (v->run_queue.size() + 1) / 2;
      while (taken.size() < want && !v->run_queue.empty()) taken.push_back(v->run_queue.pop());
      v->rq_len.store(uint32_t(v->run_queue.size()), std::memory_order_relaxed);
    }
    if (taken.empty()) continue;
    if (taken.size() > 1) {
      std::lock_guard<std::mutex> g(s->rq_lock);
      for (size_t i = 1; i < taken.size(); i++) s->run_queue.push(taken[i]);
      s->rq_len.store(uint32_t(s->run_queue.size()), std::memory_order_relaxed);
    }
    return taken[0];
  }
  return nullptr;
}

bool work_visible() {
  Schedulers& all = S();
  if (dirty_in_flight() > 0 || vm_io_tasks_pending()) return true;
  for (unsigned i = 0; i < all.cfg.online; i++)
    if (all.normal[i]->rq_len.load(std::memory_order_seq_cst) > 0) return true;
  return false;
}

// ---- deferred freeing ---------------------------------------------------------

void go_online(Scheduler* s) { s->seen_epoch.store(S().epoch.load(std::memory_order_seq_cst), std::memory_order_seq_cst); }
void go_offline(Scheduler* s) { s->seen_epoch.store(0, std::memory_order_seq_cst); }

// Between two slices: this thread holds no process it looked up.
void quiescent(Scheduler* s) {
  Schedulers& all = S();
  s->seen_epoch.store(all.epoch.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
  if (s->retired.empty()) return;
  uint64_t oldest = dirty_oldest_epoch();
  for (auto& t : all.normal) {
    uint64_t e = t->seen_epoch.load(std::memory_order_seq_cst);
    if (e != 0 && e < oldest) oldest = e;
  }
  // a process retired at epoch e may be held by a thread that has seen
  // only e or less
  size_t keep = 0;
  for (const Scheduler::Retired& r : s->retired) {
    if (r.epoch < oldest) {
      r.free(r.obj);
    } else {
      s->retired[keep++] = r;
    }
  }
  s->retired.resize(keep);
}

// ---- the loop -------------------------------------------------------------------

void run_slice(Scheduler* s, Process* p) {
  p->run_state.store(RS_RUNNING, std::memory_order_seq_cst);
  p->sched = s;
  p->mbox.fetch();  // signals first: an exit signal may end it here
  if (p->pending_exit) {
    p->status = ProcStatus::exiting;
    vm_process_exited(p);
    return;
  }
  if (p->hibernating && p->mbox.taken_length() == 0) {
    // a hibernating process wakes for a message only; other signals it
    // has handled above
    uint8_t expected = RS_RUNNING;
    if (p->run_state.compare_exchange_strong(expected, RS_WAITING, std::memory_order_seq_cst))
      return;
    p->run_state.store(RS_QUEUED, std::memory_order_seq_cst);
    push_local(s, p);
    return;
  }
  s->current = p;
  uint64_t reds_before = p->reductions;
  uint64_t t0 = sched_wall_time_on() ? vm_monotonic_ns() : 0;
  RunResult r = interp_run(p, s);
  if (t0) sched_account_active(s, t0);
  s->current = nullptr;
  s->last_slice_reds = p->reductions - reds_before;
  s->reductions.fetch_add(s->last_slice_reds, std::memory_order_relaxed);
  if (r == RunResult::exited || p->pending_exit) {
    vm_process_exited(p);
    return;
  }
  if (r == RunResult::dirty) {
    dirty_submit(p);  // still running, elsewhere
    return;
  }
  if (r == RunResult::waiting) {
    if (p->timer_active && !p->recv_timer) vm_arm_recv_timer(s, p);
    uint8_t expected = RS_RUNNING;
    if (p->run_state.compare_exchange_strong(expected, RS_WAITING, std::memory_order_seq_cst))
      return;
    // woken while it ran: it looks at what came in
  }
  p->run_state.store(RS_QUEUED, std::memory_order_seq_cst);
  push_local(s, p);
}

// ERTS's CONTEXT_REDS / 10 and 20 slices' worth of it with one waiting.
constexpr uint64_t QUEUED_WORK_STEP = 400;
constexpr uint64_t QUEUED_WORK_LIMIT = 20 * 4400;

// s picked a process; `left` others wait behind it (Scheduler::queued_work).
void account_queued_work(Scheduler* s, uint32_t left) {
  if (left == 0) {
    s->queued_work = 0;
    return;
  }
  s->queued_work += left * s->last_slice_reds + QUEUED_WORK_STEP;
  if (s->queued_work > QUEUED_WORK_LIMIT) {
    s->queued_work = 0;
    wake_helper(s);
  }
}

// Sleeps until woken or due_ms; true if another scheduler woke it.
bool sleep(Scheduler* s, uint64_t due_ms) {
  Schedulers& all = S();
  std::unique_lock<std::mutex> lk(s->sleep_lock);
  s->sleeping.store(true, std::memory_order_seq_cst);
  all.sleepers.fetch_add(1, std::memory_order_seq_cst);
  go_offline(s);
  // Work queued elsewhere does not keep it awake: it tried to steal just
  // before, and polling the others' queues would pull a lone runnable
  // process (a token passed round a ring) from one thread to the other at
  // every hop. A scheduler with more than it can run calls a helper.
  // I/O tasks queued before it said it sleeps are run first; a task queued
  // after that finds it sleeping and wakes it (sched_wake_for_io)
  if (!s->wake_flag && !all.stopping.load() && !all.parking.load() &&
      s->rq_len.load(std::memory_order_seq_cst) == 0 && !vm_io_tasks_pending()) {
    if (due_ms == UINT64_MAX) {
      if (all.idle.fetch_add(1) + 1 == all.cfg.online) {
        std::lock_guard<std::mutex> g(all.idle_lock);
        all.idle_cv.notify_all();
      }
      s->wake_cv.wait(lk, [&] { return s->wake_flag || all.stopping.load(); });
      all.idle.fetch_sub(1);
    } else {
      auto at = std::chrono::steady_clock::time_point(std::chrono::milliseconds(due_ms));
      s->wake_cv.wait_until(lk, at, [&] { return s->wake_flag || all.stopping.load(); });
    }
  }
  bool woken = s->wake_flag.exchange(false);
  all.sleepers.fetch_sub(1, std::memory_order_seq_cst);
  s->sleeping.store(false, std::memory_order_seq_cst);
  go_online(s);
  return woken;
}

// A crash dump is being written (sched_stop_for_dump): s waits here,
// holding no lock and running no process, until the dump is done (the VM
// halts then) or the VM stops.
void park(Scheduler* s) {
  Schedulers& all = S();
  go_offline(s);
  {
    std::unique_lock<std::mutex> lk(all.park_lock);
    all.parked++;
    all.park_cv.notify_all();
    all.park_cv.wait(lk, [&] { return !all.parking.load() || all.stopping.load(); });
    all.parked--;
  }
  go_online(s);
}

void loop(Scheduler* s) {
  Schedulers& all = S();
  tl_sched = s;
  go_online(s);
  bool asked = false;  // woken by another scheduler since it last ran something
  while (!all.stopping.load(std::memory_order_relaxed)) {
    if (all.parking.load(std::memory_order_seq_cst)) park(s);
    quiescent(s);
    uint64_t due = vm_fire_timers(s);
    vm_run_io_tasks();
    Process* p = pop_local(s);
    if (p) {
      account_queued_work(s, s->rq_len.load(std::memory_order_relaxed));
    } else {
      s->queued_work = 0;
      p = steal(s, asked);
    }
    if (!p) {
      asked = sleep(s, due);
      continue;
    }
    asked = false;
    run_slice(s, p);
  }
  go_offline(s);
}

void stop_all() {
  Schedulers& all = S();
  all.stopping.store(true);
  {
    std::lock_guard<std::mutex> g(all.park_lock);
    all.park_cv.notify_all();
  }
  for (auto& s : all.normal) {
    {
      std::lock_guard<std::mutex> g(s->sleep_lock);
      s->wake_flag = true;
      s->wake_cv.notify_one();
    }
    if (s->thread.joinable()) s->thread.join();
  }
  dirty_stop();
}

void start_threads(unsigned first) {
  Schedulers& all = S();
  std::lock_guard<std::mutex> g(all.start_lock);
  if (all.started) return;
  all.started = true;
  for (unsigned i = first; i < all.cfg.online; i++) {
    Scheduler* s = all.normal[i].get();
    s->thread = std::thread([s] { loop(s); });
  }
  std::atexit(stop_all);
}

}  // namespace

void sched_configure(const SchedConfig& c) {
  Schedulers& all = S();
  all.cfg = c;
  if (all.cfg.normal == 0) all.cfg.normal = 1;
  if (all.cfg.online == 0 || all.cfg.online > all.cfg.normal) all.cfg.online = all.cfg.normal;
  all.normal.clear();
  for (unsigned i = 0; i < all.cfg.normal; i++) {
    all.normal.push_back(std::make_unique<Scheduler>());
    all.normal.back()->index = i;
  }
  dirty_configure(all.cfg);
}

const SchedConfig& sched_config() { return S().cfg; }

void sched_run(bool run_here) {
  Schedulers& all = S();
  if (all.normal.empty()) sched_configure(SchedConfig{});
  start_threads(run_here ? 1 : 0);
  if (run_here) loop(all.normal[0].get());
}

void sched_wait_idle() {
  Schedulers& all = S();
  if (all.normal.empty()) sched_configure(SchedConfig{});
  start_threads(0);
  std::unique_lock<std::mutex> lk(all.idle_lock);
  // The last scheduler to go idle wakes this thread, but the work it
  // checks for may go away later without a wake-up: a dirty thread counts
  // its job done only after it has queued the process, which may have run
  // to its end and left every scheduler idle by then. So it looks again
  // every few milliseconds too.
  auto idle = [&] {
    if (all.idle.load() != all.cfg.online || work_visible()) return false;
    for (unsigned i = 0; i < all.cfg.online; i++)
      if (all.normal[i]->wake_flag.load()) return false;
    return true;
  };
  while (!all.idle_cv.wait_for(lk, std::chrono::milliseconds(10), idle)) {
  }
}

Scheduler* sched_current() { return tl_sched; }
void sched_set_current(Scheduler* s) { tl_sched = s; }
void sched_go_online(Scheduler* s) { go_online(s); }
void sched_go_offline(Scheduler* s) { go_offline(s); }
void vm_wake_scheduler(Scheduler* s) { wake_scheduler(s); }
Scheduler* sched_normal(unsigned i) { return S().normal[i].get(); }
unsigned sched_normal_count() { return unsigned(S().normal.size()); }

std::vector<bool> sched_stop_for_dump(unsigned timeout_ms, bool* all_stopped) {
  Schedulers& all = S();
  std::vector<bool> slept(all.normal.size(), false);
  *all_stopped = false;
  Scheduler* me = tl_sched && tl_sched->kind == SchedKind::normal ? tl_sched : nullptr;
  if (all.parking.exchange(true)) {
    // another thread is writing a dump and halts the VM after it: this one
    // waits for that, as a second crash dump waits in ERTS
    if (me) {
      park(me);
    } else {
      std::unique_lock<std::mutex> lk(all.park_lock);
      all.park_cv.wait(lk, [&] { return !all.parking.load() || all.stopping.load(); });
    }
    return slept;
  }
  unsigned others = 0;
  {
    std::lock_guard<std::mutex> g(all.start_lock);
    if (all.started) others = all.cfg.online - (me && me->index < all.cfg.online ? 1 : 0);
  }
  for (unsigned i = 0; i < all.cfg.online && all.started; i++) {
    Scheduler* t = all.normal[i].get();
    if (t == me) continue;
    slept[i] = t->sleeping.load(std::memory_order_seq_cst);
    std::lock_guard<std::mutex> g(t->sleep_lock);
    t->wake_flag = true;
    t->wake_cv.notify_one();
  }
  std::unique_lock<std::mutex> lk(all.park_lock);
  *all_stopped = all.park_cv.wait_for(lk, std::chrono::milliseconds(timeout_ms),
                                      [&] { return all.parked >= others; });
  return slept;
}

void sched_resume_after_dump() {
  Schedulers& all = S();
  std::lock_guard<std::mutex> g(all.park_lock);
  all.parking.store(false);
  all.park_cv.notify_all();
}

void sched_wake_for_io() {
  Schedulers& all = S();
  // none asleep: the busy ones run the tasks between two slices
  if (all.normal.empty() || all.sleepers.load(std::memory_order_seq_cst) == 0) return;
  for (unsigned i = 0; i < all.cfg.online; i++) {
    Scheduler* t = all.normal[i].get();
    if (!t->sleeping.load(std::memory_order_seq_cst)) continue;
    std::lock_guard<std::mutex> g(t->sleep_lock);
    if (t->wake_flag) return;  // already on its way
    t->wake_flag = true;
    t->wake_cv.notify_one();
    return;
  }
}

void sched_enqueue(Process* p) {
  Schedulers& all = S();
  if (all.normal.empty()) sched_configure(SchedConfig{});
  Scheduler* me = tl_sched;
  if (me && me->kind == SchedKind::normal) {
    push_local(me, p);  // a helper is called when the queue stays full
    return;
  }
  Scheduler* home = p->sched && p->sched->kind == SchedKind::normal ? p->sched : all.normal[0].get();
  push_local(home, p);
  wake_scheduler(home);
}

void vm_make_runnable(Process* p) {
  uint8_t s = p->run_state.load(std::memory_order_seq_cst);
  for (;;) {
    if (s == RS_WAITING) {
      if (p->run_state.compare_exchange_weak(s, RS_QUEUED, std::memory_order_seq_cst)) {
        sched_enqueue(p);
        return;
      }
    } else if (s == RS_RUNNING) {
      if (p->run_state.compare_exchange_weak(s, RS_RUNNING_WOKEN, std::memory_order_seq_cst)) return;
    } else {
      return;  // queued, already woken, or exited
    }
  }
}

void sched_retire_object(void (*free_fn)(void*), void* obj) {
  Schedulers& all = S();
  uint64_t e = all.epoch.fetch_add(1, std::memory_order_seq_cst);
  Scheduler* me = tl_sched;
  if (!me) {
    // not a scheduler thread (tests before the schedulers start): nobody
    // else can hold it
    if (!all.started) {
      free_fn(obj);
      return;
    }
    me = all.normal[0].get();  // not reached: retiring happens on schedulers
  }
  me->retired.push_back({e, free_fn, obj});
}

void sched_retire(Process* p) {
  sched_retire_object([](void* q) { delete static_cast<Process*>(q); }, p);
}

namespace {
std::atomic<bool> g_wall_on{false};
std::atomic<uint64_t> g_wall_start{0};
}  // namespace

bool sched_wall_time_on() { return g_wall_on.load(std::memory_order_relaxed); }

bool sched_wall_time_enable(bool on) {
  if (on && !g_wall_on.load()) {
    for (auto& s : S().normal) s->active_ns.store(0);
    for (SchedKind k : {SchedKind::dirty_cpu, SchedKind::dirty_io})
      for (auto& s : dirty_pool_schedulers(k)) s->active_ns.store(0);
    g_wall_start.store(vm_monotonic_ns());
  }
  return g_wall_on.exchange(on);
}

void sched_account_active(Scheduler* s, uint64_t since_ns) {
  s->active_ns.fetch_add(vm_monotonic_ns() - since_ns, std::memory_order_relaxed);
}

std::vector<WallTime> sched_wall_times(bool dirty_io) {
  std::vector<WallTime> v;
  uint64_t total = vm_monotonic_ns() - g_wall_start.load();
  unsigned id = 1;
  for (auto& s : S().normal) v.push_back({id++, s->active_ns.load(), total});
  // the pools' threads start at their first job: ids follow the
  // configured numbers whether their threads run yet or not
  auto add = [&](SchedKind k, unsigned n) {
    const auto& scheds = dirty_pool_schedulers(k);
    for (unsigned i = 0; i < n; i++)
      v.push_back({id++, i < scheds.size() ? scheds[i]->active_ns.load() : 0, total});
  };
  add(SchedKind::dirty_cpu, S().cfg.dirty_cpu);
  if (dirty_io) add(SchedKind::dirty_io, S().cfg.dirty_io);
  return v;
}

uint64_t sched_total_reductions() {
  uint64_t n = 0;
  for (auto& s : S().normal) n += s->reductions.load(std::memory_order_relaxed);
  return n;
}

uint64_t sched_total_run_queue() {
  uint64_t n = 0;
  for (auto& s : S().normal) n += s->rq_len.load(std::memory_order_relaxed);
  return n;
}

}  // namespace girder
