// Helpers shared by the beam unit tests: running OTP's erl/erlc (always
// installed where the tests run), temp dirs, reading files.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace girder::beam::test {

// stdout of a shell command; empty on failure.
inline std::string run_command(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

inline std::vector<uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// tests/data/beam. The source tree comes from CMake (tests/CMakeLists.txt):
// __FILE__ may be relative to the build directory when ccache rewrites
// paths (CCACHE_BASEDIR).
inline std::filesystem::path data_dir() {
  return std::filesystem::path(GIRDER_TESTS_DIR) / "data" / "beam";
}

// A fresh temp directory, removed when the object dies.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/girder_beam_XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// Compiles tests/data/beam/<name>.erl into dir; returns the .beam path.
inline std::filesystem::path compile_module(const TempDir& dir, const std::string& name) {
  std::string cmd = "erlc -o '" + dir.path.string() + "' '" +
                    (data_dir() / (name + ".erl")).string() + "' 2>&1";
  run_command(cmd);
  return dir.path / (name + ".beam");
}

// The OTP library directory of an application, e.g. "stdlib" ->
// /usr/lib/erlang/lib/stdlib-4.2/ebin.
inline std::filesystem::path otp_ebin(const std::string& app) {
  std::string out = run_command(
      "erl -noshell -eval 'io:format(\"~s\", [code:lib_dir(" + app +
      ", ebin)]), halt().'");
  return out;
}

}  // namespace girder::beam::test
