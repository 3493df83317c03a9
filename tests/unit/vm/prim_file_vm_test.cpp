// prim_file's handles (runtime/bif_prim_file.cpp) as resources: a file is
// closed when its handle becomes garbage, when its owner exits (through
// the helper process, or on the exiting thread without one), and never
// twice. The descriptor numbers come from prim_file:get_handle/1; the
// tests look at them with fcntl(2). tests/diff/prim_files.erl covers the
// natives through prim_file.erl.
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "runtime/vm.h"
#include "term/atom_table.h"
#include "vm_setup.h"

namespace girder {
namespace {

class PrimFileHandles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test_vm_compile("tpf", R"(
-module(tpf).
-compile([export_all, nowarn_export_all]).

fd(F) -> <<N:32/native>> = prim_file:get_handle(F), N.

%% Opens a file, forgets the handle and collects: the descriptor number.
open_and_drop(Path) ->
    N = open_fd(Path),
    erlang:garbage_collect(),
    N.
open_fd(Path) ->
    {ok, F} = prim_file:open(Path, [write]),
    fd(F).

%% A process opens a file and exits without closing it.
owner_exits(Path) ->
    Self = self(),
    {Pid, Mon} = spawn_monitor(fun() -> {ok, F} = prim_file:open(Path, [write]), Self ! {fd, fd(F)} end),
    receive {'DOWN', Mon, process, Pid, normal} -> ok end,
    receive {fd, N} -> N end.

%% Closed by close/1; the caller keeps the handle.
open_close(Path) ->
    {ok, F} = prim_file:open(Path, [write]),
    N = fd(F),
    ok = prim_file:close(F),
    {error, einval} = prim_file:close(F),
    {N, F}.
)");
  }
  std::string path() { return test_vm_dir() + "/handles.txt"; }
  Sint run(const char* f) {
    Heap h;
    bool ok = false;
    Term arg = make_string_list(h, path().c_str());
    Term r = vm_call_sync(atom_put("tpf"), atom_put(f), make_list_from(h, &arg, 1), h, &ok);
    EXPECT_TRUE(ok) << f;
    return ok && is_small(r) ? small_value(r) : -1;
  }
  static bool is_open(Sint fd) { return fcntl(int(fd), F_GETFD) != -1; }
};

TEST_F(PrimFileHandles, GarbageHandleClosesTheFile) {
  Sint fd = run("open_and_drop");
  ASSERT_GE(fd, 0);
  EXPECT_FALSE(is_open(fd));
}

TEST_F(PrimFileHandles, OwnerExitClosesTheFile) {
  Sint fd = run("owner_exits");
  ASSERT_GE(fd, 0);
  // no helper process here (nothing ran prim_file:on_load/0): the exiting
  // process's thread closed it before its monitors reported DOWN
  EXPECT_FALSE(is_open(fd));
}

TEST_F(PrimFileHandles, ClosedOnce) {
  Heap h;
  bool ok = false;
  Term arg = make_string_list(h, path().c_str());
  Term r = vm_call_sync(atom_put("tpf"), atom_put("open_close"), make_list_from(h, &arg, 1), h, &ok);
  ASSERT_TRUE(ok);
  Sint fd = small_value(tuple_elem(r, 1));
  EXPECT_FALSE(is_open(fd));
  // a descriptor opened now takes the lowest free number, which may be
  // the closed one; the handle (kept by h) going must not close it
  int again = ::open(path().c_str(), O_RDONLY);
  ASSERT_GE(again, 0);
  h.reset();
  EXPECT_TRUE(is_open(again));
  ::close(again);
}

}  // namespace
}  // namespace girder
