// erl_crash.dump written from another thread while processes run on the
// four schedulers: they stop for it (every process is then written in
// full: state, heap, messages, dictionary), and run on once resumed.
// tests/cli/crash_dump_viewer.sh checks the format with OTP's own viewer.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "runtime/crash_dump.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "vm_setup.h"

using namespace girder;

namespace {

Term call(const char* f, Term args, Heap& h) {
  bool ok = false;
  Term r = vm_call_sync(atom_put("cd_t"), atom_put(f), args, h, &ok);
  EXPECT_TRUE(ok) << f;
  return r;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) n++;
  return n;
}

}  // namespace

TEST(CrashDump, WrittenWhileSchedulersRunThenResumed) {
  test_vm_compile("cd_t",
                  "-module(cd_t).\n-export([start/0, work/0, stop/0]).\n"
                  "start() ->\n"
                  "  P = spawn(fun() -> put(k, {v, [1, 2]}), register(cd_t_waiter, self()),\n"
                  "                     receive stop -> ok end end),\n"
                  "  P ! {hello, <<\"bin\">>, 2.5}, ok.\n"
                  "work() -> [spawn(fun() -> spin(20000000) end) || _ <- lists:seq(1, 4)], ok.\n"
                  "spin(0) -> ok; spin(N) -> spin(N - 1).\n"
                  "stop() -> cd_t_waiter ! stop, ok.\n");
  Heap h;
  EXPECT_EQ(call("start", NIL, h), atom::ok);
  std::string path = test_vm_dir() + "/erl_crash.dump";
  setenv("ERL_CRASH_DUMP", path.c_str(), 1);
  bool written = false;
  std::thread dumper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the spinners are running
    written = write_crash_dump("unit test", nullptr);
    sched_resume_after_dump();
  });
  EXPECT_EQ(call("work", NIL, h), atom::ok);  // returns once the spinners are done
  dumper.join();
  unsetenv("ERL_CRASH_DUMP");
  ASSERT_TRUE(written);

  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  std::string dump = text.str();
  EXPECT_EQ(dump.rfind("=erl_crash_dump:0.5\n", 0), 0u);
  EXPECT_NE(dump.find("\nSlogan: unit test\n"), std::string::npos);
  EXPECT_NE(dump.find("\nName: cd_t_waiter\n"), std::string::npos);
  // every process was stopped, so every one has its stack and heap written
  size_t procs = count(dump, "\n=proc:");
  EXPECT_GE(procs, 5u);
  EXPECT_EQ(count(dump, "\n=proc_heap:"), procs);
  EXPECT_EQ(count(dump, "\nState: Running\n"), 0u);
  EXPECT_GE(count(dump, "\n=proc_dictionary:"), 1u);
  EXPECT_GE(count(dump, "\n=proc_messages:"), 1u);
  EXPECT_NE(dump.find("\n=atoms\n"), std::string::npos);
  EXPECT_EQ(dump.substr(dump.size() - 5), "=end\n");
  std::remove(path.c_str());

  // the schedulers run again
  EXPECT_EQ(call("stop", NIL, h), atom::ok);
}
