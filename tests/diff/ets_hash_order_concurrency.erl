%% flags: +S 4
%% Hash tables with write_concurrency, read_concurrency and decentralized
%% counters on four schedulers: their info, memory and order as erl's
%% (see hash_order:options/0).
-module(ets_hash_order_concurrency).
-export([main/0]).

main() -> hash_order:options().
