// ops.def against OTP: every number 1..180 must have the name, the arity
// and the status (live, or obsolete = refused by the loader) that the
// installed compiler's beam_opcodes module gives it.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

#include "beam/opcodes.h"
#include "test_util.h"

namespace girder::beam {
namespace {

TEST(Opcodes, TableMatchesOtp) {
  // One line per opcode: "N Name Arity live|obsolete". beam_opcodes:opcode/2
  // has no clause for the obsolete instructions.
  std::string out = test::run_command(
      "erl -noshell -eval '"
      "[begin {N, A} = beam_opcodes:opname(I),"
      "  S = try beam_opcodes:opcode(N, A), live catch _:_ -> obsolete end,"
      "  io:format(\"~w ~s ~w ~s~n\", [I, N, A, S]) end"
      " || I <- lists:seq(1, beam_opcodes:opcode(badrecord, 1))],"
      " io:format(\"max ~w~n\", [beam_opcodes:opcode(badrecord, 1)]),"
      " halt().'");
  std::istringstream in(out);
  std::string line;
  unsigned rows = 0;
  unsigned max_seen = 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    if (line.rfind("max ", 0) == 0) {
      std::string word;
      f >> word >> max_seen;
      continue;
    }
    unsigned num, arity;
    std::string name, status;
    ASSERT_TRUE(f >> num >> name >> arity >> status) << line;
    const OpInfo& info = op_info(num);
    ASSERT_NE(info.name, nullptr) << "opcode " << num << " (" << name << ") missing";
    EXPECT_EQ(name, info.name) << "opcode " << num;
    EXPECT_EQ(arity, info.arity) << "opcode " << num << " " << name;
    EXPECT_EQ(status == "obsolete", info.obsolete) << "opcode " << num << " " << name;
    EXPECT_EQ(std::strlen(info.kinds), info.arity) << name;
    ++rows;
  }
  EXPECT_EQ(max_seen, MAX_GENERIC_OPCODE);
  EXPECT_EQ(rows, MAX_GENERIC_OPCODE);
}

TEST(Opcodes, EnumFollowsTable) {
  EXPECT_EQ(op_label, 1);
  EXPECT_EQ(op_move, 64);
  EXPECT_EQ(op_catch, 62);
  EXPECT_EQ(op_try, 104);
  EXPECT_EQ(op_return, 19);
  EXPECT_EQ(op_badrecord, 180);
  EXPECT_STREQ(op_info(op_call_fun2).name, "call_fun2");
  EXPECT_EQ(op_info(0).name, nullptr);
  EXPECT_EQ(op_info(181).name, nullptr);
  EXPECT_EQ(op_info(255).name, nullptr);
}

TEST(Opcodes, EveryRowIsDocumented) {
  for (unsigned n = 1; n <= MAX_GENERIC_OPCODE; ++n) {
    const OpInfo& info = op_info(n);
    ASSERT_NE(info.name, nullptr) << n;
    EXPECT_GT(std::strlen(info.doc), 5u) << info.name;
    for (const char* k = info.kinds; *k; ++k)
      EXPECT_NE(std::strchr("LjfguawsrdxyFqentNh*", *k), nullptr)
          << info.name << ": unknown kind letter " << *k;
  }
}

}  // namespace
}  // namespace girder::beam
