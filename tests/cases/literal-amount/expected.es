tests/cases/literal-amount/literal-amount.xml:7:23: aviso: 10 000 dólares está escrito a mano; es el valor de "efectivo-umbral": escriba <ref to="efectivo-umbral"/> para que siga correcto cuando el valor cambie [literal-facts]
tests/cases/literal-amount/literal-amount.xml:7:23: aviso: cantidad escrita como "USD 10,000"; escriba las cantidades con un <ref> a un dato, que las imprime como "10 000 dólares" [spanish-text]
tests/cases/literal-amount/literal-amount.xml:8:42: error: 75 dólares contradice a "franquicia-terrestre", que en esta edición es 500 dólares; escriba <ref to="franquicia-terrestre"/> en su lugar [literal-facts]
tests/cases/literal-amount/literal-amount.xml:9:59: aviso: 300 dólares está escrito a mano; es el valor de "franquicia-terrestre-ordinaria": escriba <ref to="franquicia-terrestre-ordinaria"/> para que siga correcto cuando el valor cambie [literal-facts]
tests/cases/literal-amount/literal-amount.xml:9:59: aviso: cantidad escrita como "$300 USD"; escriba las cantidades con un <ref> a un dato, que las imprime como "300 dólares" [spanish-text]
1 error, 4 avisos en 1 archivo
exit: 1
