-module(bench_maps).
-export([run/0]).
run() ->
    M = lists:foldl(fun(I, Acc) -> Acc#{I => I * 2} end, #{}, lists:seq(1, 200000)),
    lists:foldl(fun(I, S) -> S + maps:get(I, M) end, 0, lists:seq(1, 200000)).
