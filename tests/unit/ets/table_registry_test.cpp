// The table registry: ids, names, renames and removal.
#include "ets/table_registry.h"

#include <memory>

#include "ets_test_util.h"

namespace girder {
namespace {
using namespace etstest;

TEST(EtsTableRegistry, IdsNamesAndRemoval) {
  auto reg = std::make_unique<TableRegistry>();  // its slot arrays are large
  TableRegistry& r = *reg;
  Heap h;
  TableOptions named;
  named.named = true;
  auto* a = new Table(named, A("reg_test_a"), make_local_pid(1));
  auto* b = new Table(TableOptions{}, A("reg_test_a"), make_local_pid(1));
  ASSERT_TRUE(r.add(a));
  ASSERT_TRUE(r.add(b));  // unnamed: the name is only information
  auto* c = new Table(named, A("reg_test_a"), make_local_pid(2));
  EXPECT_FALSE(r.add(c));  // already_exists
  delete c;
  EXPECT_EQ(r.by_name(A("reg_test_a")), a);
  bool is_id;
  Term id_b = table_id_term(h, *b);
  EXPECT_EQ(r.by_id(id_b, &is_id), b);
  EXPECT_TRUE(is_id);
  EXPECT_EQ(r.by_id(make_small(1), &is_id), nullptr);
  EXPECT_FALSE(is_id);
  EXPECT_TRUE(r.rename(a, A("reg_test_b")));
  EXPECT_EQ(r.by_name(A("reg_test_a")), nullptr);
  EXPECT_EQ(r.by_name(A("reg_test_b")), a);
  EXPECT_FALSE(r.rename(a, A("reg_test_b")));  // its own name is taken too
  EXPECT_EQ(r.take_owned(make_local_pid(1)).size(), 2u);
  r.remove(b);  // no deferred-free hook here: freed at once
  EXPECT_EQ(r.by_id(id_b, &is_id), nullptr);
  EXPECT_TRUE(is_id);  // still a table id: ets errors say id, not type
  r.remove(a);
  EXPECT_EQ(r.count(), 0u);
}

}  // namespace
}  // namespace girder
