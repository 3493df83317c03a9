// NIF resources (term/resource.h) as the VM moves them: the collector keeps
// a resource while a heap refers to it and releases it when none does (in
// either generation), copies keep it, a message waiting in a queue keeps
// it, an exiting process drops it, and a monitor's down callback runs when
// the watched process exits, with processes on four schedulers.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

#include "gc/copy.h"
#include "gc/gc.h"
#include "process/process.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/resource.h"
#include "vm_setup.h"

namespace girder {
namespace {

std::atomic<int> g_destroyed{0};
std::mutex g_downs_lock;
std::vector<Term> g_downs;  // the pids whose exit each down call reported

struct Obj {
  int value;
};
void obj_dtor(void*) { g_destroyed.fetch_add(1); }
void obj_down(void*, Term pid, const ResourceMonitor&) {
  std::lock_guard<std::mutex> g(g_downs_lock);
  g_downs.push_back(pid);
}
const ResourceType OBJ = {"test_obj", obj_dtor, obj_down};

// A resource whose only reference is a term on h.
Term new_resource_term(Heap& h, void** obj_out = nullptr) {
  void* obj = resource_alloc(&OBJ, sizeof(Obj));
  Term t = resource_make_term(h, obj);
  resource_release(obj);
  if (obj_out) *obj_out = obj;
  return t;
}

struct ResourceGc : ::testing::Test {
  void SetUp() override { g_destroyed = 0; }
};

TEST_F(ResourceGc, KeptWhileReachableReleasedWhenNot) {
  Process p;
  process_init_memory(&p, 233);
  Term x[1];
  x[0] = make_tuple(p.heap, {new_resource_term(p.heap), make_small(1)});
  gc_collect(&p, 0, x, 1);
  EXPECT_EQ(g_destroyed, 0);
  EXPECT_TRUE(is_resource_ref(tuple_elem(x[0], 1)));
  x[0] = NIL;
  gc_collect(&p, 0, x, 1);
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(ResourceGc, OldGenerationKeepsItUntilAMajorCollection) {
  Process p;
  process_init_memory(&p, 233);
  Term x[1];
  x[0] = new_resource_term(p.heap);
  gc_collect(&p, 0, x, 1);  // survives once
  gc_collect(&p, 0, x, 1);  // promoted to the old heap
  EXPECT_NE(p.heap.old_off_heap.first, nullptr);
  x[0] = NIL;
  gc_collect(&p, 0, x, 1);  // minor: the old heap is not looked at
  EXPECT_EQ(g_destroyed, 0);
  gc_collect_full(&p, 0, x, 1, nullptr, 0, true);
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(ResourceGc, CopiesKeepItAndHeapsDropThem) {
  Heap a, b;
  Term t = new_resource_term(a);
  Term c = copy_term(make_tuple(a, {t, t}), b);  // as a message or ETS would
  a.reset();
  EXPECT_EQ(g_destroyed, 0);
  EXPECT_TRUE(is_resource_ref(tuple_elem(c, 2)));
  b.reset();
  EXPECT_EQ(g_destroyed, 1);
}

// ---- with processes ----------------------------------------------------------

class ResourceProcs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test_vm_compile("tres", R"(
-module(tres).
-compile([export_all, nowarn_export_all]).

%% A process that never looks at its messages: T waits in its queue.
park(T) ->
    B = spawn(fun() -> receive after infinity -> ok end end),
    register(tres_parked, B),
    B ! {keep, T},
    ok.

kill(Name) ->
    P = whereis(Name),
    R = monitor(process, P),
    exit(P, kill),
    receive {'DOWN', R, _, _, _} -> ok end.

%% A registered process that holds T until it is told to stop.
hold(Name, T) ->
    P = spawn(fun() -> receive stop -> T end end),
    register(Name, P),
    ok.

stop(Name) ->
    P = whereis(Name),
    R = monitor(process, P),
    P ! stop,
    receive {'DOWN', R, _, _, _} -> ok end.

waiters(N) -> [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)].

stop_all(Pids) ->
    Rs = [monitor(process, P) || P <- Pids],
    [P ! stop || P <- Pids],
    [receive {'DOWN', R, _, _, _} -> ok end || R <- Rs],
    ok.

%% N processes pass T around a ring Laps times; each keeps every copy it
%% gets and collects its garbage now and then; then they all exit.
ring(T, N, Laps) ->
    Self = self(),
    Pids = [spawn(fun() -> ring_node(Self) end) || _ <- lists:seq(1, N)],
    [P ! {next, Q} || {P, Q} <- lists:zip(Pids, tl(Pids) ++ [hd(Pids)])],
    hd(Pids) ! {token, T, Laps * N},
    receive done -> ok end,
    stop_all(Pids).

ring_node(Parent) -> receive {next, Q} -> ring_node(Parent, Q, []) end.
ring_node(Parent, Q, Kept) ->
    receive
        {token, T, 0} -> Parent ! done, ring_node(Parent, Q, [T | Kept]);
        {token, T, K} ->
            Q ! {token, T, K - 1},
            K rem 7 =:= 0 andalso erlang:garbage_collect(),
            ring_node(Parent, Q, [T | Kept]);
        stop -> length(Kept)
    end.
)");
  }
  void SetUp() override {
    g_destroyed = 0;
    std::lock_guard<std::mutex> g(g_downs_lock);
    g_downs.clear();
  }
  static Term run(const char* f, std::initializer_list<Term> args, Heap& h) {
    std::vector<Term> a(args);
    bool ok = false;
    Term r = vm_call_sync(atom_put("tres"), atom_put(f), make_list_from(h, a.data(), a.size()), h, &ok);
    EXPECT_TRUE(ok) << f;
    return r;
  }
};

TEST_F(ResourceProcs, AMessageInAQueueKeepsIt) {
  Heap h, scratch;
  void* obj;
  Term t = new_resource_term(h, &obj);
  run("park", {t}, scratch);
  h.reset();  // only the parked message refers to it now
  EXPECT_EQ(g_destroyed, 0);
  EXPECT_EQ(resource_header(obj)->refc.load(), 1u);
  run("kill", {atom_put("tres_parked")}, scratch);
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(ResourceProcs, AnExitingProcessDropsIt) {
  Heap h, scratch;
  Term name = atom_put("tres_holder");
  run("hold", {name, new_resource_term(h)}, scratch);
  h.reset();
  EXPECT_EQ(g_destroyed, 0);
  run("stop", {name}, scratch);
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(ResourceProcs, PassedAroundOnFourSchedulers) {
  Heap h, scratch;
  run("ring", {new_resource_term(h), make_small(50), make_small(20)}, scratch);
  EXPECT_EQ(g_destroyed, 0);  // h still has it
  h.reset();
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(ResourceProcs, MonitorsFireWhenProcessesExit) {
  Heap h, scratch;
  void* obj;
  new_resource_term(h, &obj);
  Term pids = run("waiters", {make_small(40)}, h);
  std::vector<Term> watched;
  ResourceMonitor removed;
  int i = 0;
  for (Term l = pids; is_list(l); l = cdr(l), i++) {
    ResourceMonitor m;
    ASSERT_TRUE(vm_resource_monitor(obj, car(l), &m));
    if (i == 5) {
      removed = m;  // this one is taken back: no call for it
    } else {
      watched.push_back(car(l));
    }
  }
  ASSERT_TRUE(resource_monitor_remove(obj, removed));
  run("stop_all", {pids}, scratch);
  std::vector<Term> downs;
  {
    std::lock_guard<std::mutex> g(g_downs_lock);
    downs = g_downs;
  }
  std::sort(downs.begin(), downs.end());
  std::sort(watched.begin(), watched.end());
  EXPECT_EQ(watched.size(), 39u);
  EXPECT_EQ(downs, watched);
  // a process that is gone cannot be monitored
  ResourceMonitor m;
  EXPECT_FALSE(vm_resource_monitor(obj, car(pids), &m));
  EXPECT_FALSE(vm_resource_monitor(obj, make_small(3), &m));
  h.reset();
  EXPECT_EQ(g_destroyed, 1);
}

}  // namespace
}  // namespace girder
