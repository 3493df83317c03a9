-module(bench_nrev).
-export([run/0]).
run() -> L = lists:seq(1, 400), lists:sum([length(nrev(L)) || _ <- lists:seq(1, 100)]).
nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).
app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
