#include "etf/etf_fun_entry.h"

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace girder {

namespace {

struct StubKey {
  Term module;
  Uint index;
  uint32_t old_uniq;
  uint8_t md5[16];
  Uint arity;
  Uint num_free;
  bool operator<(const StubKey& o) const {
    if (std::tie(module, index, old_uniq, arity, num_free) !=
        std::tie(o.module, o.index, o.old_uniq, o.arity, o.num_free))
      return std::tie(module, index, old_uniq, arity, num_free) <
             std::tie(o.module, o.index, o.old_uniq, o.arity, o.num_free);
    return std::memcmp(md5, o.md5, sizeof md5) < 0;
  }
};

struct StubTable {
  std::mutex lock;
  std::map<StubKey, std::unique_ptr<FunEntry>> entries;
};

StubTable& stubs() {
  static StubTable t;
  return t;
}

}  // namespace

FunEntry* etf_fun_entry(Term module, Uint index, uint32_t old_uniq, const uint8_t md5[16],
                        Uint arity, Uint num_free) {
  if (FunEntry* fe = fun_entry_find(module, index, old_uniq, md5)) return fe;
  StubKey key{module, index, old_uniq, {}, arity, num_free};
  std::memcpy(key.md5, md5, sizeof key.md5);
  StubTable& t = stubs();
  std::lock_guard<std::mutex> g(t.lock);
  auto& slot = t.entries[key];
  if (!slot) {
    slot = std::make_unique<FunEntry>();
    slot->module = module;
    slot->index = index;
    slot->old_uniq = old_uniq;
    std::memcpy(slot->md5, md5, sizeof slot->md5);
    slot->arity = arity;
    slot->num_free = num_free;
    slot->function = NIL;
    slot->address = nullptr;
    slot->owner = nullptr;
  }
  return slot.get();
}

}  // namespace girder
