fn main() {
    conlab_web::start();
}
