%% A small module that exercises most of what the .beam reader decodes:
%% funs (FunT, make_fun3), literals (LitT), big integer operands (tag i,
%% long form), a UTF-8 atom (AtU8), floats (float registers), binaries
%% (StrT, bs_* instructions), maps, records, receive, try, line numbers.
-module(beam_small).
-export([start/0, sum/1, big/0, classify/1, mk/1, recv/1, fl/2, bin/1,
         m/1, try_it/1, add_big/1, sub_big/1, is_huge/1, 'héllo'/0]).

-record(r, {a, b = 2}).

start() ->
    [sum([1, 2, 3]), big(), classify(3), (mk(2))(3), 'héllo'()].

sum(L) -> lists:foldl(fun(X, A) -> X + A end, 0, L).

big() -> {1 bsl 100, -(1 bsl 70), 1 bsl 200, "lit", <<"bin">>, 3.25}.

classify(X) when is_integer(X), X > 2 -> big;
classify(a) -> atom_a;
classify({_, _}) -> pair;
classify(_) -> other.

mk(N) -> fun(X) -> X * N end.

recv(T) ->
    receive
        {msg, M} -> M
    after T -> timeout
    end.

fl(A, B) when is_float(A), is_float(B) -> A * B + A / B.

bin(<<X:8, Rest/binary>>) -> {X, Rest, <<X:16, Rest/binary, "str">>}.

m(#{k := V} = M) -> M#{k => V + 1, n => #r{a = 1}}.

try_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, length(S)}
    end.

add_big(X) -> X + 1267650600228229401496703205376.

sub_big(X) -> X - 1180591620717411303424.

is_huge(X) -> X =:= 4611686018427387904.

'héllo'() -> 'wörld'.
