%% Functions for tests/cli/run.sh: crashes of the -run function (the halt
%% slogan shortens deep terms), and normal runs.
-module(cli_crash).
-export([main/0, deep/0, ok/0, args/1]).

main() -> io:format("before~n"), erlang:error({badmatch, id(2)}).

deep() ->
    exit({shutdown, [{a, [b, [c, [d, [e]]]]}, "text", <<"bin">>, 1.5, #{k => v}, {x, {y, {z, {w}}}}]}).

ok() -> io:format("ok~n").

args(L) -> io:format("~p~n", [L]).

id(X) -> X.
