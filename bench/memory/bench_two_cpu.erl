%% Two CPU-bound processes; prints the wall time in microseconds until
%% both are done (bench/sched_speedup.sh runs it on +S 1 and +S 2).
-module(bench_two_cpu).
-export([main/0]).
main() ->
    Self = self(),
    T0 = erlang:monotonic_time(microsecond),
    [spawn(fun() -> loop(100000000), Self ! done end) || _ <- [1, 2]],
    [receive done -> ok end || _ <- [1, 2]],
    io:format("~p~n", [erlang:monotonic_time(microsecond) - T0]).
loop(0) -> ok;
loop(N) -> loop(N - 1).
