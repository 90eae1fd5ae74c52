// Renvoie une pyramide de n lignes du caractère car.
function pyramide(n, car) {
}
