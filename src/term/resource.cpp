#include "term/resource.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "term/mem_stats.h"

namespace girder {

namespace {

// Reference numbers: a 64-bit serial spread over 18 + 32 + 14 bits as
// vm_make_ref spreads its count, with RESOURCE_REF_MARK in the third
// number, so that no reference the runtime makes ever equals one.
std::atomic<uint64_t> serials{0};
constexpr uint32_t LOW_BITS = 18;
constexpr uint32_t MID_BITS = 32;
constexpr uint64_t HIGH_MASK = 0x3FFF;

void serial_to_numbers(uint64_t s, uint32_t num[3]) {
  num[0] = uint32_t(s & ((uint64_t(1) << LOW_BITS) - 1));
  num[1] = uint32_t(s >> LOW_BITS);
  num[2] = RESOURCE_REF_MARK | uint32_t((s >> (LOW_BITS + MID_BITS)) & HIGH_MASK);
}

bool numbers_to_serial(const uint32_t num[3], uint64_t* s) {
  if (!(num[2] & RESOURCE_REF_MARK) || (num[0] >> LOW_BITS) != 0 ||
      ((num[2] & ~RESOURCE_REF_MARK) & ~uint32_t(HIGH_MASK)) != 0) {
    return false;
  }
  *s = uint64_t(num[0]) | (uint64_t(num[1]) << LOW_BITS) |
       (uint64_t(num[2] & HIGH_MASK) << (LOW_BITS + MID_BITS));
  return true;
}

// Resources that term_to_binary has encoded, by serial. Entries do not
// count as references; a resource leaves before it is freed.
struct Published {
  std::mutex lock;
  std::unordered_map<uint64_t, Resource*> by_serial;
};
Published& published() {
  static Published* p = new Published;  // outlives every thread's last release
  return *p;
}

// Monitors by id, by process and by resource. An entry holds no reference.
struct MonitorEntry {
  Term pid;
  Resource* r;
};
struct Monitors {
  std::mutex lock;
  uint64_t next_id = 0;
  std::unordered_map<uint64_t, MonitorEntry> by_id;
  std::unordered_map<Term, std::vector<uint64_t>> by_pid;
  std::unordered_map<Resource*, std::vector<uint64_t>> by_resource;

  // Takes entry `id` out of the three maps (the lock held).
  void erase(uint64_t id) {
    auto it = by_id.find(id);
    MonitorEntry e = it->second;
    by_id.erase(it);
    auto drop = [id](auto& map, auto key) {
      auto m = map.find(key);
      std::erase(m->second, id);
      if (m->second.empty()) map.erase(m);
    };
    drop(by_pid, e.pid);
    drop(by_resource, e.r);
    e.r->monitors.fetch_sub(1, std::memory_order_relaxed);
  }
};
Monitors& monitors() {
  static Monitors* m = new Monitors;
  return *m;
}

void destroy(Resource* r) {
  if (r->published.load(std::memory_order_acquire)) {
    Published& p = published();
    std::lock_guard<std::mutex> g(p.lock);
    auto it = p.by_serial.find(r->serial);
    if (it != p.by_serial.end() && it->second == r) p.by_serial.erase(it);
  }
  if (r->monitors.load(std::memory_order_acquire) > 0) {
    Monitors& m = monitors();
    std::lock_guard<std::mutex> g(m.lock);
    auto it = m.by_resource.find(r);
    if (it != m.by_resource.end()) {
      std::vector<uint64_t> ids = it->second;
      for (uint64_t id : ids) m.erase(id);
    }
  }
  if (r->type->dtor) r->type->dtor(resource_object(r));
  mem_sub(MemKind::binary, int64_t(RESOURCE_HEADER_BYTES + r->size));
  r->~Resource();
  std::free(r);
}

}  // namespace

void* resource_alloc(const ResourceType* type, size_t size) {
  size_t bytes = RESOURCE_HEADER_BYTES + size;
  void* mem = std::malloc(bytes);
  if (!mem) {
    std::fprintf(stderr, "girder: out of memory allocating a %zu-byte resource\n", size);
    std::abort();
  }
  auto* r = new (mem) Resource{};
  r->refc.store(1, std::memory_order_relaxed);
  r->type = type;
  r->serial = serials.fetch_add(1, std::memory_order_relaxed) + 1;
  r->size = size;
  std::memset(resource_object(r), 0, size);
  mem_add(MemKind::binary, int64_t(bytes));
  return resource_object(r);
}

void resource_keep_header(Resource* r) { r->refc.fetch_add(1, std::memory_order_relaxed); }

void resource_release_header(Resource* r) {
  if (r->refc.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy(r);
}

void resource_keep(void* obj) { resource_keep_header(resource_header(obj)); }
void resource_release(void* obj) { resource_release_header(resource_header(obj)); }

bool resource_try_keep(void* obj) {
  Resource* r = resource_header(obj);
  Uint n = r->refc.load(std::memory_order_relaxed);
  while (n != 0) {
    if (r->refc.compare_exchange_weak(n, n + 1, std::memory_order_acq_rel)) return true;
  }
  return false;
}

Term resource_make_term(Heap& h, void* obj) {
  Resource* r = resource_header(obj);
  resource_keep_header(r);
  auto* t = reinterpret_cast<ResourceRefThing*>(h.alloc(RESOURCE_REF_WORDS));
  t->header = RESOURCE_REF_HEADER;
  serial_to_numbers(r->serial, t->num);
  t->num[3] = 0;
  t->resource = r;
  h.link_offheap(reinterpret_cast<OffHeapThing*>(t));
  return make_boxed(reinterpret_cast<Term*>(t));
}

Term resource_hand_to_term(Heap& h, void* obj) {
  Term t = resource_make_term(h, obj);
  resource_release(obj);
  return t;
}

void* resource_get(Term t, const ResourceType* type) {
  if (!is_resource_ref(t)) return nullptr;
  Resource* r = resource_ref_thing(t)->resource;
  return r->type == type ? resource_object(r) : nullptr;
}

void resource_publish(Resource* r) {
  if (r->published.load(std::memory_order_acquire)) return;
  Published& p = published();
  std::lock_guard<std::mutex> g(p.lock);
  p.by_serial[r->serial] = r;
  r->published.store(true, std::memory_order_release);
}

Resource* resource_find_published(const uint32_t num[3]) {
  uint64_t serial;
  if (!numbers_to_serial(num, &serial)) return nullptr;
  Published& p = published();
  std::lock_guard<std::mutex> g(p.lock);
  auto it = p.by_serial.find(serial);
  if (it == p.by_serial.end()) return nullptr;
  // a resource whose count reached zero is being destroyed: not found
  return resource_try_keep(resource_object(it->second)) ? it->second : nullptr;
}

bool resource_monitor_add(void* obj, Term pid, bool (*is_alive)(Term), ResourceMonitor* out) {
  Resource* r = resource_header(obj);
  Monitors& m = monitors();
  std::lock_guard<std::mutex> g(m.lock);
  if (!is_alive(pid)) return false;
  uint64_t id = ++m.next_id;
  m.by_id.emplace(id, MonitorEntry{pid, r});
  m.by_pid[pid].push_back(id);
  m.by_resource[r].push_back(id);
  r->monitors.fetch_add(1, std::memory_order_relaxed);
  out->id = id;
  return true;
}

bool resource_monitor_remove(void* obj, const ResourceMonitor& mon) {
  Monitors& m = monitors();
  std::lock_guard<std::mutex> g(m.lock);
  auto it = m.by_id.find(mon.id);
  if (it == m.by_id.end() || it->second.r != resource_header(obj)) return false;
  m.erase(mon.id);
  return true;
}

void resource_monitors_fire(Term pid) {
  struct Due {
    Resource* r;
    uint64_t id;
  };
  std::vector<Due> due;
  {
    Monitors& m = monitors();
    std::lock_guard<std::mutex> g(m.lock);
    auto it = m.by_pid.find(pid);
    if (it == m.by_pid.end()) return;
    std::vector<uint64_t> ids = it->second;
    for (uint64_t id : ids) {
      Resource* r = m.by_id.at(id).r;
      m.erase(id);
      // a resource already dying gets no callback
      if (resource_try_keep(resource_object(r))) due.push_back({r, id});
    }
  }
  for (const Due& d : due) {
    if (d.r->type->down) d.r->type->down(resource_object(d.r), pid, ResourceMonitor{d.id});
    resource_release_header(d.r);
  }
}

size_t resource_monitor_count() {
  Monitors& m = monitors();
  std::lock_guard<std::mutex> g(m.lock);
  return m.by_id.size();
}

}  // namespace girder
