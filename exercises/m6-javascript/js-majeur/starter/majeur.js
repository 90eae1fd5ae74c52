// Renvoie true si age >= 18, false sinon.
function estMajeur(age) {
}
