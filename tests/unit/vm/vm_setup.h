// One running VM per test binary: every suite here that runs Erlang code
// starts it through test_vm_dir(), which also gives the directory that
// its modules are compiled into (on the code path). Four schedulers, so
// that the tests also run across threads.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "runtime/vm.h"

namespace girder {

inline const std::string& test_vm_dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/girder-vmtest-XXXXXX";
    std::string d = mkdtemp(tmpl);
    VmConfig cfg;
    cfg.sched.normal = cfg.sched.online = 4;
    vm_init(cfg);
    vm_code_path().insert(vm_code_path().begin(), d);
    return d;
  }();
  return dir;
}

// Compiles module `mod` from `src` with erlc into test_vm_dir().
inline void test_vm_compile(const std::string& mod, const std::string& src) {
  const std::string& dir = test_vm_dir();
  std::ofstream(dir + "/" + mod + ".erl") << src;
  std::string cmd = "erlc -o " + dir + " " + dir + "/" + mod + ".erl";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace girder
