// Renvoie true si mdp a au moins 12 caractères, un chiffre et une majuscule.
function estSolide(mdp) {
}
