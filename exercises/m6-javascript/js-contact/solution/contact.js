function creerContact(prenom, nom, email) {
  return {
    prenom: prenom,
    nom: nom.toUpperCase(),
    email: email.trim().toLowerCase(),
  };
}

function initiales(contact) {
  return (contact.prenom[0] + contact.nom[0]).toUpperCase();
}
