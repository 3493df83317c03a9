%% Printing helpers for the re tests (tests/diff/re_*.erl). The bytes in a
%% compiled pattern are the engine's own (PCRE 8's on erl, Girder's on
%% Girder), so a pattern prints with 'MP' in their place; the other fields
%% must be ERTS's.
-module(re_show).
-export([t/2, norm/1]).

%% Label: what F returns, or the exception it raises with the top stack
%% frame (arguments included: they are the test's own terms).
t(Label, F) ->
    R = try F() of
            V -> {ok, norm(V)}
        catch
            C:E:St -> {C, norm(E), frame(St)}
        end,
    io:format("~p: ~p~n", [Label, R]).

frame([{M, F, A, Loc} | _]) -> {M, F, norm(A), Loc};
frame(St) -> St.

norm({re_pattern, N, U, C, B}) when is_binary(B) -> {re_pattern, N, U, C, 'MP'};
norm(T) when is_tuple(T) -> list_to_tuple(norm(tuple_to_list(T)));
norm([H | T]) -> [norm(H) | norm(T)];
norm(X) -> X.
