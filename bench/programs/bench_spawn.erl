-module(bench_spawn).
-export([run/0]).
%% 1,000,000 processes spawned, each sending one message and exiting: 1,000
%% batches of 1,000, each batch waited for (so that the spawner's mailbox
%% stays small on both VMs).
run() -> batches(1000, 0).
batches(0, Acc) -> Acc;
batches(B, Acc) ->
    Self = self(),
    spawn_all(Self, 1000),
    batches(B - 1, Acc + collect(1000, 0)).
spawn_all(_, 0) -> ok;
spawn_all(Self, K) -> spawn(fun() -> Self ! done end), spawn_all(Self, K - 1).
collect(0, Acc) -> Acc;
collect(K, Acc) -> receive done -> collect(K - 1, Acc + 1) end.
