{application, bank,
 [{description, "A supervised bank: accounts and a ledger (Girder's demo)"},
  {vsn, "1.0.0"},
  {modules, [bank, bank_app, bank_sup, bank_account, bank_ledger]},
  {registered, [bank_sup, bank_ledger]},
  {applications, [kernel, stdlib]},
  {mod, {bank_app, []}},
  {env, [{accounts, [alice, bob, carol]}]}]}.
