// Timers on the schedulers' wheels (process/timer_wheel.h): the timeout of
// a receive ... after, and erlang:send_after/start_timer messages.
//
// A receive timer is owned by its process (Process::recv_timer) and sits
// in the wheel of the scheduler the process was on when it began to wait;
// firing sets Process::timed_out under the wheel's lock, so a process that
// cancels its timer (a message came) either takes it out of the wheel or
// knows that it fired. A message timer is owned by its wheel; its
// reference names the scheduler that made it (vm_make_ref), which is how
// cancel_timer/read_timer find it from any scheduler.
#include <functional>
#include <unordered_map>
#include <vector>

#include "gc/copy.h"
#include "process/vm_services.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"
#include "term/atom_table.h"

namespace girder {

struct RecvTimer {
  TimerNode node;  // first: a TimerNode* is a RecvTimer*
  Process* proc;
  Scheduler* sched;  // whose wheel it is in
};

namespace {

enum : uint8_t { KIND_RECEIVE = 1, KIND_MESSAGE = 2 };

struct MsgTimer {
  TimerNode node;  // first
  RefKey ref;
  uint64_t deadline_ns;
  Term dest;  // pid or registered name
  Heap* heap;  // owns msg
  Term msg;
};

// What each scheduler keeps besides its wheel, under the wheel's lock.
struct WheelExtra {
  std::unordered_map<RefKey, MsgTimer*, RefKeyHash> by_ref;
  std::atomic<uint64_t> pending{0};  // timers in the wheel (read without the lock)
};

std::vector<WheelExtra>& extras() {
  static auto* v = new std::vector<WheelExtra>(sched_normal_count());
  return *v;
}

uint64_t due_ms_of(uint64_t deadline_ns) { return (deadline_ns + 999999u) / 1000000u; }

// The scheduler whose wheel takes a timer made now.
Scheduler* timer_home() {
  Scheduler* s = sched_current();
  return s && s->kind == SchedKind::normal ? s : sched_normal(0);
}

}  // namespace

void vm_arm_recv_timer(Scheduler* s, Process* p) {
  if (p->timer_deadline == ~uint64_t(0)) return;  // a timeout too large to ever come
  auto* t = new RecvTimer;
  t->node.kind = KIND_RECEIVE;
  t->node.due_ms = due_ms_of(p->timer_deadline);
  t->proc = p;
  t->sched = s;
  {
    std::lock_guard<std::mutex> g(s->timers.lock());
    s->timers.insert(&t->node, vm_monotonic_ns() / 1000000u);
  }
  extras()[s->index].pending.fetch_add(1, std::memory_order_relaxed);
  p->recv_timer = t;
}

void vm_cancel_recv_timer(Process* p) {
  if (RecvTimer* t = p->recv_timer) {
    bool removed;
    {
      std::lock_guard<std::mutex> g(t->sched->timers.lock());
      removed = t->sched->timers.remove(&t->node);
    }
    if (removed) extras()[t->sched->index].pending.fetch_sub(1, std::memory_order_relaxed);
    delete t;
    p->recv_timer = nullptr;
  }
  // if it fired, the flag was set under the lock, before this
  p->timed_out.store(false, std::memory_order_release);
  p->timer_active = false;
}

uint64_t vm_fire_timers(Scheduler* s) {
  WheelExtra& x = extras()[s->index];
  if (x.pending.load(std::memory_order_relaxed) == 0) return UINT64_MAX;
  thread_local std::vector<Process*> woken;
  thread_local std::vector<MsgTimer*> due_msgs;
  uint64_t next;
  uint64_t now_ms = vm_monotonic_ns() / 1000000u;
  uint64_t fired = 0;
  {
    std::lock_guard<std::mutex> g(s->timers.lock());
    s->timers.expire(now_ms, [&](TimerNode* n) {
      fired++;
      if (n->kind == KIND_RECEIVE) {
        auto* t = reinterpret_cast<RecvTimer*>(n);
        t->proc->timed_out.store(true, std::memory_order_release);
        woken.push_back(t->proc);
      } else {
        auto* m = reinterpret_cast<MsgTimer*>(n);
        x.by_ref.erase(m->ref);
        due_msgs.push_back(m);
      }
    });
    next = s->timers.next_due();
  }
  x.pending.fetch_sub(fired, std::memory_order_relaxed);
  // the processes stay valid until this scheduler's next quiescent point
  for (Process* p : woken) vm_make_runnable(p);
  woken.clear();
  for (MsgTimer* m : due_msgs) {
    Term to = is_atom(m->dest) ? vm_whereis(m->dest) : m->dest;
    vm_deliver_fragment(to, m->msg, m->heap);
    delete m;
  }
  due_msgs.clear();
  return next;
}

Term vm_start_timer(Process* p, Term dest, uint64_t deadline_ns, Term msg, bool wrap) {
  Scheduler* s = timer_home();
  Term ref = vm_make_ref(p->heap);
  auto* t = new MsgTimer;
  t->node.kind = KIND_MESSAGE;
  t->node.due_ms = due_ms_of(deadline_ns);
  t->deadline_ns = deadline_ns;
  t->ref = RefKey::of(ref);
  t->dest = dest;
  t->heap = new Heap;
  t->msg = wrap ? make_tuple(*t->heap, {atom::timeout, copy_term(ref, *t->heap), copy_term(msg, *t->heap)})
                : copy_term(msg, *t->heap);
  WheelExtra& x = extras()[s->index];
  {
    std::lock_guard<std::mutex> g(s->timers.lock());
    s->timers.insert(&t->node, vm_monotonic_ns() / 1000000u);
    x.by_ref[t->ref] = t;
  }
  x.pending.fetch_add(1, std::memory_order_relaxed);
  if (s != sched_current()) vm_wake_scheduler(s);  // its next wake-up may come earlier now
  return ref;
}

bool vm_for_each_message_timer(const std::function<void(Term dest, Term msg, int64_t ms_left)>& f) {
  bool all = true;
  uint64_t now = vm_monotonic_ns();
  for (unsigned i = 0; i < sched_normal_count(); i++) {
    Scheduler* s = sched_normal(i);
    std::unique_lock<std::mutex> g(s->timers.lock(), std::try_to_lock);
    if (!g.owns_lock()) {
      all = false;
      continue;
    }
    for (auto& [ref, t] : extras()[i].by_ref)
      f(t->dest, t->msg, t->deadline_ns > now ? int64_t((t->deadline_ns - now) / 1000000u) : 0);
  }
  return all;
}

int64_t vm_cancel_timer(Term ref, bool cancel) {
  if (!is_local_ref(ref)) return -1;
  RefKey key = RefKey::of(ref);
  unsigned owner = vm_ref_scheduler(key);
  if (owner >= sched_normal_count()) return -1;
  Scheduler* s = sched_normal(owner);
  WheelExtra& x = extras()[owner];
  MsgTimer* t = nullptr;
  uint64_t deadline;
  {
    std::lock_guard<std::mutex> g(s->timers.lock());
    auto it = x.by_ref.find(key);
    if (it == x.by_ref.end()) return -1;
    deadline = it->second->deadline_ns;
    if (cancel) {
      t = it->second;
      x.by_ref.erase(it);
      s->timers.remove(&t->node);
    }
  }
  if (t) {
    x.pending.fetch_sub(1, std::memory_order_relaxed);
    delete t->heap;
    delete t;
  }
  uint64_t now = vm_monotonic_ns();
  return deadline > now ? int64_t((deadline - now) / 1000000u) : 0;
}

}  // namespace girder
