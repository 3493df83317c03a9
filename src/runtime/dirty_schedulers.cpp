#include "runtime/dirty_schedulers.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "process/vm_services.h"
#include "runtime/schedulers.h"
#include "term/atom_table.h"

namespace girder {

namespace {

struct Pool {
  SchedKind kind = SchedKind::dirty_cpu;
  std::vector<std::unique_ptr<Scheduler>> scheds;  // one per thread
  std::mutex lock;
  std::condition_variable cv;
  std::deque<Process*> queue;
  bool started = false;
  bool stopping = false;
};

struct Pools {
  Pool cpu, io;
  std::atomic<unsigned> in_flight{0};
};

Pools& P() {
  static Pools* p = new Pools;
  return *p;
}

Pool& pool_of(SchedKind k) { return k == SchedKind::dirty_io ? P().io : P().cpu; }

void setup(Pool& pool, SchedKind kind, unsigned n) {
  pool.kind = kind;
  pool.scheds.clear();
  for (unsigned i = 0; i < n; i++) {
    pool.scheds.push_back(std::make_unique<Scheduler>());
    pool.scheds.back()->index = i;
    pool.scheds.back()->kind = kind;
  }
}

void loop(Pool& pool, Scheduler* s);

void push(Pool& pool, Process* p) {
  std::lock_guard<std::mutex> g(pool.lock);
  if (!pool.started) {
    pool.started = true;
    for (auto& sp : pool.scheds) {
      Scheduler* s = sp.get();
      s->thread = std::thread([&pool, s] { loop(pool, s); });
    }
  }
  pool.queue.push_back(p);
  pool.cv.notify_one();
}

// Runs p's dirty call on s; true if the outcome is for a normal
// scheduler, false if the call went on to another pool.
bool run_job(Scheduler* s, Process* p) {
  for (;;) {
    auto fn = reinterpret_cast<Term (*)(Process*, Term*)>(p->dirty_job);
    Scheduler* home = p->sched;
    p->sched = s;  // the BIF's traps and references use this thread's state
    s->current = p;
    uint64_t t0 = sched_wall_time_on() ? vm_monotonic_ns() : 0;
    Term r = fn(p, p->xsave.data());
    if (t0) sched_account_active(s, t0);
    s->current = nullptr;
    p->sched = home;
    if (is_value(r)) {
      p->xsave.assign(1, r);
      p->arity = 1;
      p->dirty_outcome = DIRTY_VALUE;
      return true;
    }
    if (s->dirty_fn) {  // on to a dirty scheduler again
      p->dirty_job = reinterpret_cast<void*>(s->dirty_fn);
      p->dirty_kind = uint8_t(s->dirty_kind);
      s->dirty_fn = nullptr;
      p->xsave.assign(s->trap_args, s->trap_args + s->trap_arity);
      p->arity = s->trap_arity;
      if (s->dirty_kind == s->kind) continue;
      push(pool_of(s->dirty_kind), p);
      return false;
    }
    if (s->trap_ep) {
      p->dirty_job = s->trap_ep;
      s->trap_ep = nullptr;
      p->xsave.assign(s->trap_args, s->trap_args + s->trap_arity);
      p->arity = s->trap_arity;
      p->dirty_outcome = DIRTY_TRAP;
      return true;
    }
    if (p->exc_class == THE_NON_VALUE) {  // nothing else is allowed there
      p->exc_flags = 0;
      p->exc_class = atom::error;
      p->exc_reason = atom::badarg;
      p->exc_info = THE_NON_VALUE;
    }
    p->dirty_outcome = DIRTY_ERROR;  // the arguments stay in xsave
    return true;
  }
}

void loop(Pool& pool, Scheduler* s) {
  sched_set_current(s);
  for (;;) {
    Process* p;
    {
      std::unique_lock<std::mutex> lk(pool.lock);
      pool.cv.wait(lk, [&] { return pool.stopping || !pool.queue.empty(); });
      if (pool.stopping) return;
      p = pool.queue.front();
      pool.queue.pop_front();
    }
    // inside a job the thread may look processes up (a BIF sending a
    // message): it takes part in deferred freeing meanwhile
    sched_go_online(s);
    if (run_job(s, p)) {
      p->run_state.store(RS_QUEUED, std::memory_order_seq_cst);
      sched_enqueue(p);  // to its own normal scheduler, which it wakes
      P().in_flight.fetch_sub(1, std::memory_order_seq_cst);
    }
    sched_go_offline(s);
  }
}

void stop(Pool& pool) {
  {
    std::lock_guard<std::mutex> g(pool.lock);
    pool.stopping = true;
    pool.cv.notify_all();
  }
  for (auto& s : pool.scheds)
    if (s->thread.joinable()) s->thread.join();
}

uint64_t oldest(Pool& pool) {
  uint64_t o = UINT64_MAX;
  for (auto& s : pool.scheds) {
    uint64_t e = s->seen_epoch.load(std::memory_order_seq_cst);
    if (e != 0 && e < o) o = e;
  }
  return o;
}

}  // namespace

void dirty_configure(const SchedConfig& c) {
  setup(P().cpu, SchedKind::dirty_cpu, c.dirty_cpu_online ? c.dirty_cpu_online : 1);
  setup(P().io, SchedKind::dirty_io, c.dirty_io ? c.dirty_io : 1);
}

void dirty_submit(Process* p) {
  P().in_flight.fetch_add(1, std::memory_order_seq_cst);
  push(pool_of(SchedKind(p->dirty_kind)), p);
}

void dirty_stop() {
  stop(P().cpu);
  stop(P().io);
}

uint64_t dirty_oldest_epoch() { return std::min(oldest(P().cpu), oldest(P().io)); }

bool dirty_queue_counts(SchedKind kind, PriorityCounts* out) {
  Pool& pool = pool_of(kind);
  std::unique_lock<std::mutex> g(pool.lock, std::try_to_lock);
  if (!g.owns_lock()) return false;
  for (const Process* p : pool.queue) out->add(p);
  return true;
}

unsigned dirty_in_flight() { return P().in_flight.load(std::memory_order_seq_cst); }

const std::vector<std::unique_ptr<Scheduler>>& dirty_pool_schedulers(SchedKind kind) {
  return pool_of(kind).scheds;
}

}  // namespace girder
