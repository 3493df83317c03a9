%% Helpers for the tests of the order in which hash tables (set, bag,
%% duplicate_bag) give their objects (tests/diff/ets_hash_order*.erl):
%% keys of every printable kind, and what every kind of walk gives, shown
%% whole for small tables and as a hash (erlang:phash2, which depends on
%% the order) for large ones.
%%
%% No key holds an atom inside another term: ERTS hashes such a key by
%% the atom's table index, which differs between VMs (a key that is an
%% atom hashes by its name).
-module(hash_order).
-export([key/2, kinds/0, walk/1, nactive/1, summary/2, chunks/3, show_list/2, fill/3, options/0]).
-import(diff_show, [show/1]).

kinds() -> [small, big, float, binary, bitstring, string, tuple, nested, atom, map, mixed].

%% Key number I (I >= 1) of a kind; distinct for distinct I.
key(small, I) -> (I * 7919) rem 1000003 - 500000;
key(big, I) ->
    Sign = case I rem 2 of 0 -> 1; 1 -> -1 end,
    Sign * ((I * 7919 + 1) * 100000000000000000000 + I);
key(float, I) -> I * 1.25 - 1000.5;
key(binary, I) -> <<"b", (integer_to_binary(I * 31))/binary>>;
key(bitstring, I) -> <<I:21>>;
key(string, I) -> "s" ++ integer_to_list(I);
key(tuple, I) -> {I, I * 3};
key(nested, I) -> {[I, <<I:16>>], {I rem 7, -I}, 2.5};
key(atom, I) -> list_to_atom("atom_" ++ integer_to_list(I));
key(map, I) -> #{I => I + 1, 0 => <<"m">>};
key(mixed, I) ->
    Kinds = [small, big, float, binary, bitstring, string, tuple, nested, atom, map],
    key(lists:nth(I rem length(Kinds) + 1, Kinds), I).

%% Inserts {key(Kind, I), I} for I in Is one at a time.
fill(T, Kind, Is) -> [ets:insert(T, {key(Kind, I), I}) || I <- Is], T.

%% The keys first/next visits.
walk(T) -> walk(T, ets:first(T)).
walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

%% The table's bucket count (the first slot ets:slot/2 calls the end).
nactive(T) -> nactive(T, 0).
nactive(T, I) ->
    case ets:slot(T, I) of
        '$end_of_table' -> I;
        _ -> nactive(T, I + 1)
    end.

%% A list shown whole when short, else as its length, hash and head.
show_list(Label, L) when length(L) =< 12 -> show({Label, L});
show_list(Label, L) -> show({Label, length(L), erlang:phash2(L), lists:sublist(L, 3)}).

%% Every way to walk T, each shown.
summary(Label, T) ->
    show({Label, size, ets:info(T, size), buckets, nactive(T)}),
    show_list({Label, tab2list}, ets:tab2list(T)),
    show_list({Label, first_next}, walk(T)),
    show_list({Label, last_prev}, walk_back(T, ets:last(T))),
    show_list({Label, match}, ets:match(T, {'$1', '$2'})),
    show_list({Label, match_object}, ets:match_object(T, {'_', '_'})),
    show_list({Label, select}, ets:select(T, [{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]}])),
    show_list({Label, select_reverse}, ets:select_reverse(T, [{'$1', [], ['$1']}])),
    show_list({Label, foldl}, ets:foldl(fun(O, A) -> [O | A] end, [], T)),
    show_list({Label, foldr}, ets:foldr(fun(O, A) -> [O | A] end, [], T)),
    show_list({Label, slots}, [ets:slot(T, S) || S <- lists:seq(0, min(nactive(T), 300) - 1)]),
    show({Label, chunks, [chunks(T, [{'_', [], ['$_']}], N) || N <- [1, 3, 100]]}).

walk_back(_, '$end_of_table') -> [];
walk_back(T, K) -> [K | walk_back(T, ets:prev(T, K))].

%% What select/3 and select/1 give, chunk after chunk (eot where one
%% says '$end_of_table'): the first chunks' sizes, and a hash of them all.
chunks(T, Spec, N) ->
    Cs = chunk_list(ets:select(T, Spec, N)),
    Sizes = [case C of eot -> eot; _ -> length(C) end || C <- lists:sublist(Cs, 12)],
    {N, Sizes, length(Cs), erlang:phash2(Cs)}.

chunk_list('$end_of_table') -> [eot];
chunk_list({L, '$end_of_table'}) -> [L, eot];
chunk_list({L, Cont}) -> [L | chunk_list(ets:select(Cont))].

%% Tables with every concurrency option: what ets:info/2 says of them,
%% their order as they grow and shrink. write_concurrency (on more than
%% one scheduler, for a table that is not private) makes ERTS walk the
%% buckets in strides of its 64 locks; decentralized counters make it grow
%% and shrink by one lock's count.
options() ->
    Opts = [[], [{write_concurrency, true}], [{write_concurrency, auto}], [public, {write_concurrency, true}],
            [private, {write_concurrency, true}], [private, {write_concurrency, auto}],
            [{read_concurrency, true}], [private, {read_concurrency, true}],
            [{write_concurrency, true}, {read_concurrency, true}],
            [{write_concurrency, auto}, {read_concurrency, true}],
            [{write_concurrency, true}, {decentralized_counters, true}],
            [{write_concurrency, auto}, {decentralized_counters, false}],
            [bag, {write_concurrency, auto}], [duplicate_bag, public, {write_concurrency, true}],
            [ordered_set, {write_concurrency, true}], [ordered_set, private, {write_concurrency, true}],
            [ordered_set, {write_concurrency, true}, {read_concurrency, true}],
            [ordered_set, {read_concurrency, true}]],
    [begin
         T = ets:new(t, O),
         show({O, [ets:info(T, I) || I <- [memory, write_concurrency, read_concurrency, decentralized_counters]]}),
         ets:delete(T)
     end || O <- Opts],
    [options(O) || O <- Opts, not lists:member(ordered_set, O)].

options(O) ->
    T = ets:new(t, O),
    Grow = [begin
                fill(T, mixed, lists:seq(ets:info(T, size) + 1, N)),
                summary({O, N}, T),
                {N, nactive(T), ets:info(T, memory)}
            end || N <- [10, 300, 3000, 12000]],
    show({O, grow, Grow}),
    Shrink = [begin
                  [ets:delete(T, key(mixed, I)) || I <- lists:seq(N + 1, ets:info(T, size))],
                  {N, nactive(T), erlang:phash2(ets:tab2list(T))}
              end || N <- [9000, 6000, 3000, 1000]],
    show({O, shrink, Shrink}),
    show({O, select_delete, ets:select_delete(T, [{{'_', '$1'}, [{'>', '$1', 500}], [true]}]), nactive(T)}),
    show_list({O, left}, walk(T)),
    ets:delete(T).
