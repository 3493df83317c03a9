-module(bench_binary).
-export([run/0]).
run() -> lists:sum([sum(build(200000, <<>>), 0) || _ <- lists:seq(1, 3)]).
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, <<Acc/binary, N:32>>).
sum(<<X:32, Rest/binary>>, S) -> sum(Rest, (S + X) band 16#FFFFFFF);
sum(<<>>, S) -> S.
