-module(exceptions).
-export([main/0, f/1]).
id(X) -> X.
f(X) -> atom_to_list(X).
g(X) -> X * 2.
h(a) -> ok.
main() ->
    P = fun(T) -> io:format("~p~n", [T]) end,
    P(catch f(id(1))),
    P(catch g(id(a))),
    P(catch h(id(b))),
    P(catch lists:reverse(id(a), [])),
    P(catch erlang:error(foo)),
    P(catch erlang:error(foo, [1, 2])),
    P(catch nomod:foo(1)),
    P(catch element(5, id({a}))),
    P(catch (id(fun(X) -> X end))(1, 2)),
    P(catch id(a) ! hello),
    P(catch throw(x)),
    P(catch exit(x)),
    P(catch (id(3) div id(0))),
    P(try erlang:error(foo) catch C:R:S -> {C, R, length(S)} end),
    P(try throw(deep) catch throw:T -> T after io:format("after~n") end),
    P(try id(1) of 1 -> one; _ -> other catch _:_ -> caught end),
    P(catch erlang:raise(throw, r, [])),
    P(catch (id(not_fun))(1)),
    %% stack traces: a body recursion's repeated return address shows once
    P(catch rec(20)),
    P(catch [lc_elem(X) || X <- [1, 2, 3]]),
    P(catch lists:map(fun(X) -> 1 / X end, [1, 2, 0])),
    P(catch lists:foldl(fun(X, A) -> A + X end, 0, [1, a])),
    %% error/3's error_info follows the location
    P(catch erlang:error(badarg, [x], [{error_info, #{module => m}}])),
    %% frames in the preloaded erlang module have no location
    P(catch erlang:port_command(id(nosuchport), "x")).

rec(0) -> error(bottom);
rec(N) -> 1 + rec(N - 1).
lc_elem(X) when X < 3 -> X;
lc_elem(X) -> X + id(c).
