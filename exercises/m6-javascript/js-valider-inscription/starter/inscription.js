// Renvoie un objet avec une propriété par champ en erreur (ou {} si tout va bien).
function validerInscription(donnees) {
  const erreurs = {};
  return erreurs;
}
