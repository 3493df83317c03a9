-module(deep_recursion).
-export([main/0]).
%% Issue 2: a 1,000,000-deep body recursion and a 10,000,000-element list.
main() ->
    io:format("~p~n", [len(lists:seq(1, 1000000))]),
    io:format("~p~n", [sum_body(1000000)]),
    L = lists:seq(1, 10000000),
    io:format("~p~n", [length(L)]),
    io:format("~p~n", [lists:sum(L)]),
    io:format("~p~n", [lists:last(lists:reverse(L))]),
    io:format("~p~n", [length(build(2000000, []))]).
len([]) -> 0;
len([_ | T]) -> 1 + len(T).
sum_body(0) -> 0;
sum_body(N) -> N + sum_body(N - 1).
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [{N, <<N:32>>} | Acc]).
