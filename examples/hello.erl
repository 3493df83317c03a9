-module(hello).
-export([main/0]).

%% A small tour: recursion, bignums, maps, binaries, funs, processes.
main() ->
    io:format("Hello from ~s!~n", ["Girder"]),
    io:format("fib(30) = ~p~n", [fib(30)]),
    io:format("50! = ~p~n", [fact(50)]),
    M = maps:from_list([{K, K * K} || K <- lists:seq(1, 5)]),
    io:format("squares: ~p~n", [M]),
    Bin = term_to_binary({girder, [1, 2, 3], <<"bytes">>}),
    io:format("term_to_binary: ~w bytes, round trip ~p~n", [byte_size(Bin), binary_to_term(Bin)]),
    Parent = self(),
    Pids = [spawn(fun() -> Parent ! {self(), N * 10} end) || N <- lists:seq(1, 4)],
    Replies = [receive {P, V} -> V end || P <- Pids],
    io:format("replies from ~p processes: ~p~n", [length(Pids), Replies]),
    io:format("sorted words: ~p~n", [lists:sort(string:tokens("the quick brown fox", " "))]).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).
