// read_beam on real .beam files: every module of stdlib, kernel, compiler
// and erts reads and disassembles; module md5s equal module_info(md5).
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "beam/beam_file.h"
#include "term/atom_table.h"
#include "test_util.h"

namespace girder::beam {
namespace {

namespace fs = std::filesystem;

std::string hex(const uint8_t* md5) {
  static const char digits[] = "0123456789ABCDEF";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    s += digits[md5[i] >> 4];
    s += digits[md5[i] & 15];
  }
  return s;
}

TEST(ReadBeamOtp, ReadsEveryModuleOfTheCoreApplications) {
  unsigned files = 0;
  for (const char* app : {"stdlib", "kernel", "compiler", "erts"}) {
    fs::path ebin = test::otp_ebin(app);
    ASSERT_TRUE(fs::is_directory(ebin)) << app << ": " << ebin;
    for (const auto& entry : fs::directory_iterator(ebin)) {
      if (entry.path().extension() != ".beam") continue;
      std::vector<uint8_t> data = test::read_file(entry.path());
      BeamFile bf;
      std::string error;
      ASSERT_TRUE(read_beam(data.data(), data.size(), bf, error))
          << entry.path() << ": " << error;
      EXPECT_EQ(atom_name(bf.module), entry.path().stem().string());
      ASSERT_FALSE(bf.code.empty());
      EXPECT_EQ(bf.code.back().opcode, op_int_code_end);
      EXPECT_FALSE(disassemble(bf).empty());
      ++files;
    }
  }
  // guards against an empty or missing installation
  EXPECT_GT(files, 200u);  // 260 in OTP 25.2.3
}

TEST(ReadBeamOtp, Md5EqualsModuleInfoMd5) {
  test::TempDir dir;
  fs::path small = test::compile_module(dir, "beam_small");
  // modules with funs (OldUniq is hashed as zero), literals, big code
  const std::vector<std::string> modules = {"lists", "maps", "gen_server", "io_lib_format",
                                            "string", "beam_lib", "erl_parse", "compile",
                                            "beam_small"};
  std::string list;
  for (const auto& m : modules) list += (list.empty() ? "" : ",") + m;
  std::string out = test::run_command(
      "erl -noshell -pa '" + dir.path.string() + "' -eval '"
      "[io:format(\"~s ~s ~s~n\", [M, binary:encode_hex(M:module_info(md5)),"
      " code:which(M)]) || M <- [" + list + "]], halt().'");
  std::istringstream in(out);
  std::string name, md5, path;
  unsigned checked = 0;
  while (in >> name >> md5 >> path) {
    std::vector<uint8_t> data = test::read_file(path);
    BeamFile bf;
    std::string error;
    ASSERT_TRUE(read_beam(data.data(), data.size(), bf, error)) << path << ": " << error;
    EXPECT_EQ(hex(bf.md5), md5) << name;
    ++checked;
  }
  EXPECT_EQ(checked, modules.size()) << out;
}

}  // namespace
}  // namespace girder::beam
