tests/cases/literal-phone/literal-phone.xml:7:38: aviso: 1 877 210 9469 está escrito a mano; es el valor de "inm-paisano-tel-eua": escriba <ref to="inm-paisano-tel-eua"/> para que siga correcto cuando el valor cambie [literal-facts]
tests/cases/literal-phone/literal-phone.xml:8:28: error: 800 2018 5420 parece una errata de 800 201 8542 ("inm-paisano-tel-mx"); escriba <ref to="inm-paisano-tel-mx"/> en su lugar [literal-facts]
1 error, 1 aviso en 1 archivo
exit: 1
