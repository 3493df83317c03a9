%% flags: +S 1
%% The concurrency options on one scheduler, where ERTS takes no
%% write_concurrency (see hash_order:options/0).
-module(ets_hash_order_one_scheduler).
-export([main/0]).

main() -> hash_order:options().
