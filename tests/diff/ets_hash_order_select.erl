%% select, match and match_object with a limit on hash tables, chunk
%% after chunk, as erl's: ERTS ends a chunk at the end of a bucket, keeps
%% what is over the limit for the next chunk (in an order that depends on
%% whether its walk trapped, every 1000 objects), so chunk sizes around
%% 1000 and specs that match some objects only; select_reverse (the same
%% as select on a hash table); specs that bind their keys (several keys,
%% keys in one bucket, absent keys) for select, select_count,
%% select_replace and select_delete; buckets of a bag with many objects.
-module(ets_hash_order_select).
-export([main/0]).
-import(diff_show, [show/1]).
-import(hash_order, [key/2, fill/3, chunks/3, show_list/2, walk/1, nactive/1]).

main() ->
    All = [{'_', [], ['$_']}],
    Some = [{{'_', '$1'}, [{'==', {'rem', '$1', 3}, 0}], [{{'$1'}}]}],
    Rare = [{{'_', '$1'}, [{'==', {'rem', '$1', 997}, 0}], ['$1']}],
    Limits = [1, 2, 7, 10, 100, 500, 999, 1000, 1001, 3000, 100000],
    [begin
         T = fill(ets:new(t, [set]), mixed, lists:seq(1, N)),
         [show({N, Name, chunks(T, Spec, L)}) || {Name, Spec} <- [{all, All}, {some, Some}, {rare, Rare}],
                                                   L <- Limits],
         show({N, reverse, reverse_chunks(T, All, 10)}),
         show({N, match, match_chunks(ets:match(T, {'$1', '_'}, 50))}),
         show({N, match_object, match_chunks(ets:match_object(T, {'_', '$1'}, 333))}),
         show_list({N, select_reverse}, ets:select_reverse(T, Some)),
         ets:delete(T)
     end || N <- [0, 1, 50, 999, 1000, 1001, 2500, 7000, 20000]],
    bound_keys(),
    big_buckets(),
    ok.

reverse_chunks(T, Spec, N) -> chunk_sizes(ets:select_reverse(T, Spec, N), fun ets:select_reverse/1).
match_chunks(R) -> chunk_sizes(R, fun ets:match/1).

all_chunks('$end_of_table') -> [eot];
all_chunks({L, '$end_of_table'}) -> [L, eot];
all_chunks({L, C}) -> [L | all_chunks(ets:select(C))].

chunk_sizes('$end_of_table', _) -> [eot];
chunk_sizes({L, '$end_of_table'}, _) -> [{length(L), erlang:phash2(L)}, eot];
chunk_sizes({L, C}, Next) -> [{length(L), erlang:phash2(L)} | chunk_sizes(Next(C), Next)].

%% 'Aq' and 'Ba' have one hash: one bucket, walked once and whole.
bound_keys() ->
    [begin
         T = ets:new(t, [Type | Opts]),
         ets:insert(T, [{K, I} || K <- ['Ba', 'Aq', x, y, 1, 2, "s"], I <- [1, 2, 3]]),
         Heads = fun(Ks) -> [{{K, '$1'}, [], [{{K, '$1'}}]} || K <- Ks] end,
         Specs = [Heads(['Aq', 'Ba']), Heads(['Ba', x, 'Aq']), Heads([y, absent, 'Ba', 1]), Heads([absent]),
                  Heads(['Ba', 'Ba', "s", 2])],
         [show({Type, Opts, ets:select(T, S), all_chunks(ets:select(T, S, 2)), ets:select_count(T, S)}) || S <- Specs],
         show({Type, ets:select_delete(T, [{{'Aq', 2}, [], [true]}, {{x, '_'}, [], [true]}]), walk(T)}),
         show({Type, ets:select_count(T, [{{'Ba', '_'}, [], [true]}])}),
         ets:delete(T)
     end || Type <- [set, bag, duplicate_bag], Opts <- [[], [public, {write_concurrency, true}]]],
    R = ets:new(t, [set]),
    ets:insert(R, [{key(small, I), I} || I <- lists:seq(1, 3000)]),
    show(ets:select_replace(R, [{{'$1', '$2'}, [{'<', '$2', 1000}], [{{'$1', {{'$2'}}}}]}])),
    show(ets:select_replace(R, [{{key(small, 5), '$1'}, [], [{{key(small, 5), new}}]}])),
    show_list(replaced, ets:tab2list(R)),
    ets:delete(R).

%% A bag whose buckets hold many objects: chunks end far past the limit.
big_buckets() ->
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{key(string, I rem 40), I} || I <- lists:seq(1, 4000)]),
         [show({Type, L, chunks(T, [{'_', [], ['$_']}], L)}) || L <- [1, 50, 99, 150, 1000, 5000]],
         show({Type, chunks(T, [{{'_', '$1'}, [{'>', '$1', 3900}], ['$1']}], 7)}),
         show_list({Type, tab2list}, ets:tab2list(T)),
         ets:delete(T)
     end || Type <- [bag, duplicate_bag]].
