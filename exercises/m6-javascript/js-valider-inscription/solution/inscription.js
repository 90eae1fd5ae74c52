function validerInscription(donnees) {
  const erreurs = {};
  if (donnees.prenom.trim() === "") {
    erreurs.prenom = "Le prénom est obligatoire.";
  }
  const position = donnees.email.indexOf("@");
  if (position < 1 || position === donnees.email.length - 1) {
    erreurs.email = "L'e-mail n'est pas valide.";
  }
  if (donnees.age < 16) {
    erreurs.age = "Il faut avoir au moins 16 ans.";
  }
  return erreurs;
}
