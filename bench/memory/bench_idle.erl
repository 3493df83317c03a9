%% Spawns N idle processes (each waits in receive), prints "ready" with
%% the growth of erlang:memory(processes) and waits, so that
%% bench/idle_memory.sh can read the VM's RSS.
-module(bench_idle).
-export([main/1]).
main([NStr]) ->
    N = list_to_integer(NStr),
    Before = erlang:memory(processes),
    Ps = spawn_n(N, []),
    After = erlang:memory(processes),
    io:format("ready ~p ~p~n", [length(Ps), After - Before]),
    receive never -> Ps end.
spawn_n(0, Acc) -> Acc;
spawn_n(K, Acc) -> spawn_n(K - 1, [spawn(fun idle/0) | Acc]).
idle() -> receive stop -> ok end.
